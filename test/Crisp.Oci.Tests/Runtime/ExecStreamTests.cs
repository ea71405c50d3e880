using System.Text;
using Crisp.Linux;
using Crisp.Oci.Runtime;
using Crisp.Oci.Tests.Runtime.Support;
using Shouldly;

namespace Crisp.Oci.Tests.Runtime;

/// <summary>Streaming exec: <c>runc exec</c> in the foreground with pipes or a host terminal.</summary>
public sealed class ExecStreamTests : IAsyncLifetime
{
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(20);
    private readonly RuntimeTestHost _host = new();
    private readonly string _id = RuntimeTestHost.NewId();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await _host.RunAsync(_id, ["sleep", "999"]);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task ExecAsync_WithoutTty_SeparatesStdoutAndStderrAndReturnsTheExitCode()
    {
        await using var session = await _host.Runtime.ExecAsync(_id, ["sh", "-c", "echo out; echo err >&2; exit 7"], new ExecStreams { Stdout = true, Stderr = true }, Token);

        session.Stdin.ShouldBeNull();
        var stdout = ReadToEndAsync(session.Stdout!);
        var stderr = ReadToEndAsync(session.Stderr!);
        (await stdout).ShouldBe("out\n");
        (await stderr).ShouldBe("err\n");
        (await session.WaitForExitAsync(Token).WaitAsync(_patience, Token)).ShouldBe(7);
        session.RuntimeError.ShouldBeNull();
    }

    [Fact]
    public async Task ExecAsync_StdinPipedToCat_ComesBackAndEndOfFileEndsIt()
    {
        await using var session = await _host.Runtime.ExecAsync(_id, ["cat"], new ExecStreams { Stdin = true, Stdout = true }, Token);

        session.Stderr.ShouldBeNull();
        var stdout = ReadToEndAsync(session.Stdout!);
        await session.Stdin!.WriteAsync("hello\nworld\n"u8.ToArray(), Token);

        // 4 MiB more than any pipe holds: the write only completes while the output is being drained.
        var big = new byte[4 * 1024 * 1024];
        Random.Shared.NextBytes(big);
        await session.Stdin.WriteAsync(big.Select(b => (byte)('a' + (b % 26))).ToArray(), Token).AsTask().WaitAsync(_patience, Token);
        session.CloseStdin();

        var output = await stdout.WaitAsync(_patience, Token);
        output.Length.ShouldBe(12 + big.Length);
        output.ShouldStartWith("hello\nworld\n");
        (await session.WaitForExitAsync(Token).WaitAsync(_patience, Token)).ShouldBe(0);
    }

    [Fact]
    public async Task ExecAsync_Tty_HasTheInitialSizeAndFollowsResizes()
    {
        var streams = new ExecStreams { Tty = true, Stdin = true, Stdout = true, Stderr = true, InitialSize = new TerminalSize(Width: 100, Height: 40) };
        await using var session = await _host.Runtime.ExecAsync(_id, ["sh", "-c", "tty; stty size; while read line; do stty size; done; echo bye"], streams, Token);

        session.Stderr.ShouldBeNull("a terminal merges stderr into its output");
        var output = new StringBuilder();
        var reader = CollectAsync(session.Stdout!, output);
        (await EventuallyAsync(() => Lines(output).Contains("40 100\n", StringComparison.Ordinal))).ShouldBeTrue(Text(output));
        Text(output).ShouldStartWith("/dev/pts/", Case.Sensitive, "the process has a terminal of its own");

        await session.ResizeAsync(width: 120, height: 50);
        (await EventuallyAsync(async () =>
        {
            await session.Stdin!.WriteAsync("\r"u8.ToArray(), Token); // Enter; each line makes the shell print the size again
            await Task.Delay(200, Token);
            return Lines(output).Contains("50 120\n", StringComparison.Ordinal);
        })).ShouldBeTrue(Text(output));

        await session.Stdin!.WriteAsync(new byte[] { 0x04 }, Token); // Ctrl-D: end of file for the shell's read
        (await session.WaitForExitAsync(Token).WaitAsync(_patience, Token)).ShouldBe(0);
        await reader.WaitAsync(_patience, Token);
        Text(output).ShouldEndWith("bye\r\n", Case.Sensitive, "runc's terminals turn \\n into \\r\\n");
        Text(output).Replace("\r\r\n", "\r\n", StringComparison.Ordinal).Replace("\r\n", "", StringComparison.Ordinal).ShouldNotContain('\n', "never a bare \\n");
    }

    [Fact]
    public async Task ExecAsync_MissingExecutable_ExitsNonZeroWithRuncsMessage()
    {
        await using var session = await _host.Runtime.ExecAsync(_id, ["nosuchcmd"], new ExecStreams { Stdout = true, Stderr = true }, Token);

        var stdout = ReadToEndAsync(session.Stdout!);
        var stderr = ReadToEndAsync(session.Stderr!);
        (await session.WaitForExitAsync(Token).WaitAsync(_patience, Token)).ShouldBe(255);
        (await stdout).ShouldBeEmpty();
        (await stderr).Trim().ShouldBe("exec failed: unable to start container process: exec: \"nosuchcmd\": executable file not found in $PATH");
        session.RuntimeError.ShouldBe("exec failed: unable to start container process: exec: \"nosuchcmd\": executable file not found in $PATH");
        session.ProcessId.ShouldBeNull();
    }

    [Fact]
    public async Task Kill_EndsALongExecAndLeavesNoProcessOrDescriptor()
    {
        var session = (ExecSession)await _host.Runtime.ExecAsync(_id, ["sh", "-c", "echo started; exec sleep 1000"], new ExecStreams { Stdout = true, Stderr = true }, Token);
        try
        {
            var buffer = new byte[64];
            var read = await session.Stdout!.ReadAsync(buffer, Token).AsTask().WaitAsync(_patience, Token);
            Encoding.UTF8.GetString(buffer, 0, read).ShouldBe("started\n");
            (await EventuallyAsync(() => session.ProcessId is not null)).ShouldBeTrue("runc writes the pid file once the process runs");
            var pid = session.ProcessId!.Value;
            (await EventuallyAsync(() => File.ReadAllText($"/proc/{pid}/cmdline") == "sleep\01000\0")).ShouldBeTrue("the shell execs sleep right after its echo");

            session.Kill();

            (await session.WaitForExitAsync(Token).WaitAsync(_patience, Token)).ShouldBe(128 + 9);
            await session.DisposeAsync();
            Directory.Exists($"/proc/{pid}").ShouldBeFalse("the exec'd process is gone");
            Directory.Exists($"/proc/{session.RuncPid}").ShouldBeFalse("runc exited and was reaped (no zombie)");
            session.Handles.ShouldAllBe(h => h.IsClosed);
            Directory.EnumerateFileSystemEntries(_host.Options.ExecScratchDirectory).ShouldBeEmpty();
            var ps = await _host.Runtime.ExecSyncAsync(_id, ["ps", "-o", "args"], TimeSpan.FromSeconds(30), Token);
            Encoding.UTF8.GetString(ps.Stdout).ShouldNotContain("sleep 1000");
        }
        finally
        {
            await session.DisposeAsync();
        }
    }

    [Fact]
    public async Task DisposeAsync_RunningTtyExec_KillsReapsAndClosesEverything()
    {
        var session = (ExecSession)await _host.Runtime.ExecAsync(_id, ["sleep", "1000"], new ExecStreams { Tty = true, Stdout = true, Stdin = true, InitialSize = new TerminalSize(80, 24) }, Token);
        (await EventuallyAsync(() => session.ProcessId is not null)).ShouldBeTrue();
        var pid = session.ProcessId!.Value;

        await session.DisposeAsync().AsTask().WaitAsync(_patience, Token);

        (await session.WaitForExitAsync(Token)).ShouldBe(128 + 9);
        Directory.Exists($"/proc/{pid}").ShouldBeFalse();
        Directory.Exists($"/proc/{session.RuncPid}").ShouldBeFalse();
        session.Handles.Count().ShouldBe(3, "terminal master, its duplicate for stdin and the one kept for resizes");
        session.Handles.ShouldAllBe(h => h.IsClosed);
        Should.Throw<ObjectDisposedException>(() => session.ResizeAsync(10, 10));
    }

    [Fact]
    public async Task ExecAsync_TtyWithoutStdout_StillRunsToTheEnd()
    {
        await using var session = await _host.Runtime.ExecAsync(_id, ["sh", "-c", "head -c 200000 /dev/zero | tr '\\0' x; exit 3"], new ExecStreams { Tty = true }, Token);

        session.Stdout.ShouldBeNull();
        (await session.WaitForExitAsync(Token).WaitAsync(_patience, Token)).ShouldBe(3, "output nobody reads is drained, so runc never blocks on it");
    }

    [Fact]
    public async Task ExecAsync_UnknownOrStoppedContainer_Throws()
    {
        var unknown = await Should.ThrowAsync<OciRuntimeException>(() => _host.Runtime.ExecAsync(RuntimeTestHost.NewId(), ["true"], new ExecStreams { Stdout = true }, Token));
        unknown.IsNotFound.ShouldBeTrue();

        var stopped = RuntimeTestHost.NewId();
        await _host.RunAsync(stopped, ["true"]);
        await _host.WaitForExitFileAsync(stopped);
        (await Should.ThrowAsync<OciRuntimeException>(() => _host.Runtime.ExecAsync(stopped, ["true"], new ExecStreams(), Token))).Message.ShouldContain("is not running");
        await Should.ThrowAsync<ArgumentException>(() => _host.Runtime.ExecAsync(_id, [], new ExecStreams(), Token));
    }

    private static async Task<string> ReadToEndAsync(Stream stream)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
        return await reader.ReadToEndAsync(Token);
    }

    private static async Task CollectAsync(Stream stream, StringBuilder into)
    {
        var buffer = new byte[4096];
        int read;
        while ((read = await stream.ReadAsync(buffer, Token)) > 0)
        {
            lock (into)
            {
                into.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }
        }
    }

    private static string Text(StringBuilder builder)
    {
        lock (builder)
        {
            return builder.ToString();
        }
    }

    /// <summary>The terminal's output with line ends as "\n" (runc's terminals write "\r\n", or "\r\r\n" right at the start).</summary>
    private static string Lines(StringBuilder builder) => Text(builder).Replace("\r", "", StringComparison.Ordinal);

    private static Task<bool> EventuallyAsync(Func<bool> condition) => EventuallyAsync(() => Task.FromResult(condition()));

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + _patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(50, Token);
        }

        return true;
    }
}
