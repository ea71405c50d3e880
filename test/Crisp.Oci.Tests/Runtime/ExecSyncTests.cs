using System.Diagnostics;
using System.Text;
using Crisp.Oci.Runtime;
using Crisp.Oci.Tests.Runtime.Support;
using Shouldly;

namespace Crisp.Oci.Tests.Runtime;

/// <summary>Exec sync through <c>conmon --exec --sync</c>: output, exit codes, timeouts, failures.</summary>
public sealed class ExecSyncTests : IAsyncLifetime
{
    private readonly RuntimeTestHost _host = new();
    private readonly string _id = RuntimeTestHost.NewId();

    public async ValueTask InitializeAsync() => await _host.RunAsync(_id, ["sleep", "1000"]);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task ExecSync_ReturnsStdoutStderrAndExitCode()
    {
        var result = await _host.Runtime.ExecSyncAsync(_id, ["sh", "-c", "echo out; echo err >&2; printf tail; exit 5"], TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Encoding.UTF8.GetString(result.Stdout).ShouldBe("out\ntail");
        Encoding.UTF8.GetString(result.Stderr).ShouldBe("err\n");
        result.ExitCode.ShouldBe(5);
        result.TimedOut.ShouldBeFalse();
        Directory.EnumerateFileSystemEntries(_host.Options.ExecScratchDirectory).ShouldBeEmpty("the exec scratch directory is removed");
    }

    [Fact]
    public async Task ExecSync_RunsWithTheContainersEnvironmentAndLargeOutput()
    {
        var env = await _host.Runtime.ExecSyncAsync(_id, ["sh", "-c", "echo $PATH; cat /proc/1/cmdline | tr '\\0' ' '"], TimeSpan.Zero, TestContext.Current.CancellationToken);
        Encoding.UTF8.GetString(env.Stdout).ShouldBe("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nsleep 1000 ");

        var big = await _host.Runtime.ExecSyncAsync(_id, ["sh", "-c", "head -c 1048576 /dev/zero | tr '\\0' y; echo; echo done"], TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        big.ExitCode.ShouldBe(0);
        Encoding.UTF8.GetString(big.Stdout).ShouldBe(new string('y', 1048576) + "\ndone\n");
    }

    [Fact]
    public async Task ExecSync_Timeout_KillsTheCommandAndSaysSo()
    {
        var clock = Stopwatch.StartNew();
        var result = await _host.Runtime.ExecSyncAsync(_id, ["sh", "-c", "echo started; sleep 100"], TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        clock.Stop();

        result.TimedOut.ShouldBeTrue();
        result.ExitCode.ShouldBe(-1);
        Encoding.UTF8.GetString(result.Stderr).ShouldBe("command timed out");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        var ps = await _host.Runtime.ExecSyncAsync(_id, ["ps", "-o", "args"], TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        // Killed, whole process group: the orphaned sleep may linger as a zombie ("[sleep]") under an init that never reaps.
        var processes = Encoding.UTF8.GetString(ps.Stdout).Split('\n', StringSplitOptions.TrimEntries);
        processes.ShouldNotContain("sleep 100", "conmon killed the timed-out command");
        processes.ShouldNotContain("sh -c echo started; sleep 100");
    }

    [Fact]
    public async Task ExecSync_Failures_AreClearErrors()
    {
        var missing = await Should.ThrowAsync<OciRuntimeException>(() => _host.Runtime.ExecSyncAsync(_id, ["nosuchcmd"], TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        missing.Message.ShouldContain("exec: \"nosuchcmd\": executable file not found in $PATH");

        var unknown = await Should.ThrowAsync<OciRuntimeException>(() => _host.Runtime.ExecSyncAsync(RuntimeTestHost.NewId(), ["true"], TimeSpan.Zero, TestContext.Current.CancellationToken));
        unknown.IsNotFound.ShouldBeTrue();

        var stopped = RuntimeTestHost.NewId();
        await _host.RunAsync(stopped, ["true"]);
        await _host.WaitForExitFileAsync(stopped);
        (await Should.ThrowAsync<OciRuntimeException>(() => _host.Runtime.ExecSyncAsync(stopped, ["true"], TimeSpan.Zero, TestContext.Current.CancellationToken)))
            .Message.ShouldContain("is not running");
    }
}
