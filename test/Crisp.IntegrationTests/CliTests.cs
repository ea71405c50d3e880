using System.Text.Json;
using Crisp.IntegrationTests.Harness;
using Shouldly;

namespace Crisp.IntegrationTests;

/// <summary>The operator commands of the crisp executable.</summary>
public sealed class CliTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task VersionJson_NamesCrispAndApi()
    {
        var result = await CrispCli.RunAsync(["version", "--json"]);

        result.ExitCode.ShouldBe(0, result.ToString());
        using var json = JsonDocument.Parse(result.StandardOutput);
        json.RootElement.GetProperty("runtimeName").GetString().ShouldBe("crisp");
        json.RootElement.GetProperty("runtimeApiVersion").GetString().ShouldBe("v1");
        json.RootElement.GetProperty("version").GetString()!.ShouldMatch(@"^\d+\.\d+\.\d+");
    }

    [Fact]
    public async Task ConfigDefault_PrintsCrioTablesWithCrispDefaults()
    {
        var result = await CrispCli.RunAsync(["config", "--default"]);

        result.ExitCode.ShouldBe(0, result.ToString());
        foreach (var table in new[] { "[crio]", "[crio.api]", "[crio.runtime]", "[crio.runtime.runtimes.runc]", "[crio.image]", "[crio.network]", "[crio.metrics]", "[crio.stats]" })
        {
            result.StandardOutput.ShouldContain(table);
        }

        result.StandardOutput.ShouldContain("#");
        var crio = TomlModel.Table(result.StandardOutput, "crio");
        crio["root"].ShouldBe("/var/lib/crisp");
        ((Tomlyn.Model.TomlTable)crio["api"])["listen"].ShouldBe("/run/crisp/crisp.sock");
    }

    [Fact]
    public async Task Config_EffectiveHonoursFileDropInAndFlags()
    {
        using var dir = new TempDirectory();
        var files = new CrispDaemonFiles(dir);
        Directory.CreateDirectory(files.ConfigDir);
        await File.WriteAllTextAsync(files.ConfigFile, "[crio.image]\npause_image = \"file/pause:1\"\n[crio.runtime]\nlog_level = \"error\"\n", Ct);
        await File.WriteAllTextAsync(Path.Combine(files.ConfigDir, "10-a.conf"), "[crio.image]\npause_image = \"dropin/pause:2\"\n", Ct);

        var result = await CrispCli.RunAsync(["config", .. files.DaemonArgs(), "--log-level", "debug"]);

        result.ExitCode.ShouldBe(0, result.ToString());
        var crio = TomlModel.Table(result.StandardOutput, "crio");
        ((Tomlyn.Model.TomlTable)crio["image"])["pause_image"].ShouldBe("dropin/pause:2");
        ((Tomlyn.Model.TomlTable)crio["runtime"])["log_level"].ShouldBe("debug");
    }

    [Fact]
    public async Task StatusInfoAndConfig_ReadTheRunningDaemon()
    {
        await using var daemon = await CrispDaemon.StartAsync();

        var info = await CrispCli.RunAsync(["status", "--socket", daemon.Socket, "info"]);
        var config = await CrispCli.RunAsync(["status", "--socket", daemon.Socket, "config"]);
        var container = await CrispCli.RunAsync(["status", "--socket", daemon.Socket, "containers", "--id", "abc"]);

        info.ExitCode.ShouldBe(0, info.ToString());
        info.StandardOutput.ShouldContain(daemon.Files.Root);
        config.ExitCode.ShouldBe(0, config.ToString());
        config.StandardOutput.ShouldContain("[crio.runtime]");
        container.ExitCode.ShouldNotBe(0);
        container.StandardError.ShouldContain("abc");
    }

    [Fact]
    public async Task Status_NoDaemon_ClearError()
    {
        using var dir = new TempDirectory();

        var result = await CrispCli.RunAsync(["status", "--socket", dir.Combine("none.sock"), "info"]);

        result.ExitCode.ShouldNotBe(0);
        result.StandardError.ShouldContain("cannot reach crisp");
        result.StandardError.ShouldNotContain("   at ");
    }

    [Fact]
    public async Task Wipe_WhileRunning_Refused_ThenForceRemovesState()
    {
        await using var daemon = await CrispDaemon.StartAsync();
        var marker = Path.Combine(daemon.Files.Root, "marker");
        await File.WriteAllTextAsync(marker, "x", Ct);

        var refused = await CrispCli.RunAsync(["wipe", "--force", .. daemon.Files.DaemonArgs()]);
        refused.ExitCode.ShouldNotBe(0);
        refused.StandardError.ShouldContain("running");
        File.Exists(marker).ShouldBeTrue();

        await daemon.StopAsync();
        var noConfirm = await CrispCli.RunAsync(["wipe", .. daemon.Files.DaemonArgs()], standardInput: "n\n");
        noConfirm.ExitCode.ShouldNotBe(0);
        File.Exists(marker).ShouldBeTrue();

        var wiped = await CrispCli.RunAsync(["wipe", "--force", .. daemon.Files.DaemonArgs()]);
        wiped.ExitCode.ShouldBe(0, wiped.ToString());
        File.Exists(marker).ShouldBeFalse();
    }
}
