using Crisp.IntegrationTests.Harness;
using Crisp.Linux;
using Runtime.V1;
using Shouldly;

namespace Crisp.IntegrationTests;

/// <summary>SIGTERM stops the daemon cleanly; SIGHUP reloads what CRI-O reloads.</summary>
public sealed class SignalTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sigterm_ExitsZeroAndRemovesSocket()
    {
        await using var daemon = await CrispDaemon.StartAsync();

        var exit = await daemon.StopAsync();

        exit.ShouldBe(0, daemon.Output);
        File.Exists(daemon.Socket).ShouldBeFalse();
    }

    [Fact]
    public async Task Restart_SameRootAndSocket_Serves()
    {
        await using var daemon = await CrispDaemon.StartAsync();

        await using var restarted = await daemon.RestartAsync();

        (await restarted.Runtime.VersionAsync(new VersionRequest(), cancellationToken: Ct)).RuntimeName.ShouldBe("crisp");
        restarted.Pid.ShouldNotBe(daemon.Pid);
    }

    [Fact]
    public async Task Sigkill_ThenRestart_StaleSocketAndLocksDoNotBlock()
    {
        await using var daemon = await CrispDaemon.StartAsync();

        await using var restarted = await daemon.RestartAsync(kill: true);

        (await restarted.Runtime.VersionAsync(new VersionRequest(), cancellationToken: Ct)).RuntimeName.ShouldBe("crisp");
    }

    [Fact]
    public async Task Sighup_ReloadsLogLevelAndPauseImage()
    {
        await using var daemon = await CrispDaemon.StartAsync();
        using var http = StatusPages.Client(daemon.Socket);
        (await http.GetStringAsync("/config", Ct)).ShouldContain("registry.k8s.io/pause:3.10");

        await File.WriteAllTextAsync(Path.Combine(daemon.Files.ConfigDir, "50-reload.conf"), """
            [crio.runtime]
            log_level = "warn"

            [crio.image]
            pause_image = "127.0.0.1:5000/pause:reloaded"
            """, Ct);
        daemon.Signal(Processes.SigHup);

        await Eventually.TrueAsync(() => daemon.Output.Contains("reloaded", StringComparison.OrdinalIgnoreCase), daemon.Output);
        var config = await http.GetStringAsync("/config", Ct);
        config.ShouldContain("127.0.0.1:5000/pause:reloaded");
        config.ShouldContain("log_level = \"warn\"");
        daemon.HasExited.ShouldBeFalse();
    }

    [Fact]
    public async Task Sighup_BrokenConfig_KeepsRunningConfiguration()
    {
        await using var daemon = await CrispDaemon.StartAsync();
        await File.WriteAllTextAsync(Path.Combine(daemon.Files.ConfigDir, "50-broken.conf"), "[crio.image\npause_image = 1\n", Ct);

        daemon.Signal(Processes.SigHup);

        await Eventually.TrueAsync(() => daemon.Output.Contains("reload failed", StringComparison.OrdinalIgnoreCase), daemon.Output);
        using var http = StatusPages.Client(daemon.Socket);
        (await http.GetStringAsync("/config", Ct)).ShouldContain("registry.k8s.io/pause:3.10");
        (await daemon.Runtime.VersionAsync(new VersionRequest(), cancellationToken: Ct)).RuntimeName.ShouldBe("crisp");
    }
}
