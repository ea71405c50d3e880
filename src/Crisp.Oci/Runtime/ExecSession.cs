using System.Runtime.InteropServices;
using System.Text.Json;
using Crisp.Linux;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace Crisp.Oci.Runtime;

/// <summary>
/// <see cref="IExecSession"/> over a foreground <c>runc exec</c> child: crisp's ends of its stdio pipes (or the
/// master of its terminal), its pidfd, and the scratch directory holding the process spec, pid file and runc's
/// JSON log. runc is reaped through the shared epoll thread, so a long session holds no thread.
/// </summary>
internal sealed class ExecSession : IExecSession
{
    private const int SigWinch = 28;
    private static readonly TimeSpan _killGrace = TimeSpan.FromSeconds(2);

    private readonly string _id;
    private readonly string _scratch;
    private readonly string _pidFile;
    private readonly string _runtimeLog;
    private readonly PidFd? _runc;
    private readonly SafeFileHandle? _terminal;
    private readonly DescriptorStream? _discardedOutput;
    private readonly ILogger _logger;
    private readonly Task<int> _exit;
    private readonly Task _discard;
    private int? _processId;
    private string? _runtimeError;
    private Task? _escalation;
    private int _disposed;

    public ExecSession(
        string id, int runcPid, string scratch, DescriptorStream? stdin, DescriptorStream? stdout, DescriptorStream? stderr, SafeFileHandle? terminal, DescriptorStream? discardedOutput, ILogger logger)
    {
        _id = id;
        RuncPid = runcPid;
        _scratch = scratch;
        _pidFile = Path.Combine(scratch, ConmonRuncRuntime.ExecPidFileName);
        _runtimeLog = Path.Combine(scratch, ConmonRuncRuntime.ExecRuntimeLogName);
        Stdin = stdin;
        Stdout = stdout;
        Stderr = stderr;
        _terminal = terminal;
        _discardedOutput = discardedOutput;
        _logger = logger;

        // runc is our unreaped child, so its pid cannot be reused before the pidfd is open.
        _runc = PidFd.TryOpen(runcPid);
        _exit = WaitForRuncAsync();
        _discard = discardedOutput is null ? Task.CompletedTask : DiscardAsync(discardedOutput);
    }

    public Stream? Stdin { get; }

    public Stream? Stdout { get; }

    public Stream? Stderr { get; }

    /// <summary>The foreground runc process (our child).</summary>
    internal int RuncPid { get; }

    /// <summary>Every descriptor the session owns (for tests: all closed after disposal).</summary>
    internal IEnumerable<SafeHandle> Handles =>
        new SafeHandle?[] { (Stdin as DescriptorStream)?.SafeFileHandle, (Stdout as DescriptorStream)?.SafeFileHandle, (Stderr as DescriptorStream)?.SafeFileHandle, _terminal, _discardedOutput?.SafeFileHandle }
            .OfType<SafeHandle>();

    public int? ProcessId => _processId ??= ConmonRuncRuntime.ReadPid(_pidFile);

    public string? RuntimeError => Volatile.Read(ref _runtimeError);

    public void CloseStdin() => Stdin?.Dispose();

    public Task ResizeAsync(ushort width, ushort height)
    {
        if (_terminal is null)
        {
            throw new InvalidOperationException($"exec in container {_id} has no terminal to resize");
        }

        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        Terminals.SetWindowSize(_terminal, height, width);

        // runc reads the size of its stdin (our slave) on SIGWINCH and applies it to the container's terminal.
        if (!_exit.IsCompleted)
        {
            _runc?.Signal(SigWinch);
        }

        return Task.CompletedTask;
    }

    public Task<int> WaitForExitAsync(CancellationToken cancellationToken = default) => _exit.WaitAsync(cancellationToken);

    public void Kill()
    {
        if (_exit.IsCompleted)
        {
            return;
        }

        // The exec'd process is runc's child until runc reaps it and exits, so its pid is still its own here.
        if (ProcessId is { } pid && pid != RuncPid)
        {
            Processes.Signal(pid, Processes.SigKill);
        }
        else
        {
            _runc?.Signal(Processes.SigKill);
        }

        RuntimeLog.ExecKilled(_logger, _id, RuncPid, ProcessId);
        _escalation ??= EscalateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (!_exit.IsCompleted)
        {
            Kill();
        }

        await _exit.ConfigureAwait(false);
        if (_escalation is not null)
        {
            await _escalation.ConfigureAwait(false);
        }

        // runc is reaped: our pipe ends and the terminal master read end of file now; close them all.
        Stdin?.Dispose();
        Stdout?.Dispose();
        Stderr?.Dispose();
        _discardedOutput?.Dispose();
        await _discard.ConfigureAwait(false);
        _terminal?.Dispose();
        _runc?.Dispose();
        try
        {
            Directory.Delete(_scratch, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            RuntimeLog.CleanupFailed(_logger, _id, "remove exec scratch", e);
        }
    }

    private async Task<int> WaitForRuncAsync()
    {
        int code;
        try
        {
            var status = await ChildExit.WaitAsync(RuncPid).ConfigureAwait(false);
            code = status?.ToExitStatus() ?? -1;
        }
        catch (SystemCallException e)
        {
            RuntimeLog.CleanupFailed(_logger, _id, "wait for runc exec", e);
            code = -1;
        }

        Volatile.Write(ref _runtimeError, ReadRuntimeError());
        RuntimeLog.ExecExited(_logger, _id, RuncPid, code, _runtimeError ?? "");
        return code;
    }

    /// <summary>The error entries of runc's <c>--log-format json</c> log: what runc said when it failed.</summary>
    private string? ReadRuntimeError()
    {
        try
        {
            if (!File.Exists(_runtimeLog))
            {
                return null;
            }

            var messages = new List<string>();
            foreach (var line in File.ReadLines(_runtimeLog))
            {
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                using var entry = JsonDocument.Parse(line);
                if (entry.RootElement.TryGetProperty("level", out var level) && level.ValueEquals("error")
                    && entry.RootElement.TryGetProperty("msg", out var message) && message.GetString() is { Length: > 0 } text)
                {
                    messages.Add(text);
                }
            }

            return messages.Count > 0 ? string.Join("; ", messages) : null;
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            RuntimeLog.CleanupFailed(_logger, _id, "read runc exec log", e);
            return null;
        }
    }

    private async Task EscalateAsync()
    {
        if (await Task.WhenAny(_exit, Task.Delay(_killGrace)).ConfigureAwait(false) != _exit)
        {
            _runc?.Signal(Processes.SigKill);
        }
    }

    /// <summary>A terminal's output nobody asked for is still read, or runc would block once the terminal buffer is full.</summary>
    private static async Task DiscardAsync(DescriptorStream output)
    {
        var buffer = new byte[4096];
        try
        {
            while (await output.ReadAsync(buffer).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
        }
    }
}
