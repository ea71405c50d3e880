using System.Diagnostics;
using Crisp.Linux;
using Crisp.Oci.Runtime;
using Crisp.Oci.Tests.Runtime.Support;
using Shouldly;

namespace Crisp.Oci.Tests.Runtime;

/// <summary>Stop: the stop signal, the SIGKILL fallback after the timeout, and idempotence.</summary>
public sealed class ContainerStopTests : IAsyncLifetime
{
    private readonly RuntimeTestHost _host = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Stop_SigtermIgnored_FallsBackToSigkillAfterTheTimeout()
    {
        var id = RuntimeTestHost.NewId();
        var created = await _host.RunAsync(id, ["sh", "-c", "trap '' TERM; echo ready; sleep 1000"]);
        await WaitForLogAsync(id, "ready");

        var clock = Stopwatch.StartNew();
        await _host.Runtime.StopAsync(id, TimeSpan.FromSeconds(2), Processes.SigTerm, TestContext.Current.CancellationToken);
        clock.Stop();

        clock.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1.9));
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(15));
        PidFd.TryOpen(created.Pid)?.HasExited.ShouldBeTrue();
        var exit = ContainerExit.TryRead(_host.Options.ExitsDirectory, _host.Options.PersistRoot, id);
        exit.ShouldNotBeNull("stop waits for conmon's exit file");
        exit.ExitCode.ShouldBe(137);
        (await _host.Runtime.StateAsync(id, TestContext.Current.CancellationToken))!.Status.ShouldBe(OciContainerStatus.Stopped);
    }

    [Fact]
    public async Task Stop_HandledSigterm_StopsWithoutWaitingForTheTimeout()
    {
        var id = RuntimeTestHost.NewId();
        await _host.RunAsync(id, ["sh", "-c", "trap 'exit 0' TERM; echo ready; while true; do sleep 0.1; done"]);
        await WaitForLogAsync(id, "ready");

        var clock = Stopwatch.StartNew();
        await _host.Runtime.StopAsync(id, TimeSpan.FromSeconds(30), Processes.SigTerm, TestContext.Current.CancellationToken);

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        (await _host.WaitForExitFileAsync(id)).ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task Stop_IsIdempotentForStoppedPausedAndUnknownContainers()
    {
        var id = RuntimeTestHost.NewId();
        await _host.RunAsync(id, ["sleep", "1000"]);
        await _host.Runtime.PauseAsync(id, TestContext.Current.CancellationToken);

        // Paused: resumed first, then (zero timeout) killed straight away.
        await _host.Runtime.StopAsync(id, TimeSpan.Zero, cancellationToken: TestContext.Current.CancellationToken);
        (await _host.WaitForExitFileAsync(id)).ExitCode.ShouldBe(137);

        await _host.Runtime.StopAsync(id, TimeSpan.FromSeconds(1), cancellationToken: TestContext.Current.CancellationToken);
        await _host.Runtime.DeleteAsync(id, cancellationToken: TestContext.Current.CancellationToken);
        await _host.Runtime.StopAsync(id, TimeSpan.FromSeconds(1), cancellationToken: TestContext.Current.CancellationToken);
        await _host.Runtime.StopAsync(RuntimeTestHost.NewId(), TimeSpan.FromSeconds(1), cancellationToken: TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Stop_CreatedButNeverStarted_KillsIt()
    {
        var id = RuntimeTestHost.NewId();
        var created = await _host.CreateAsync(id, ["sleep", "1000"]);

        await _host.Runtime.StopAsync(id, TimeSpan.FromSeconds(1), cancellationToken: TestContext.Current.CancellationToken);

        PidFd.TryOpen(created.Pid)?.HasExited.ShouldBeTrue();
        (await _host.Runtime.StateAsync(id, TestContext.Current.CancellationToken))!.Status.ShouldBe(OciContainerStatus.Stopped);
    }

    private async Task WaitForLogAsync(string id, string text)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (File.Exists(_host.LogPath(id)) && (await File.ReadAllTextAsync(_host.LogPath(id), TestContext.Current.CancellationToken)).Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"'{text}' never appeared in the log of {id}");
    }
}
