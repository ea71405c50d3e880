using System.Diagnostics;
using System.Runtime.InteropServices;
using Crisp.Linux;

namespace Crisp.Bench.Infrastructure;

/// <summary>What a finished child process did.</summary>
internal sealed record ProcessRun(string Command, int ExitCode, TimeSpan Elapsed, string Output)
{
    public ProcessRun EnsureSuccess() => ExitCode == 0
        ? this
        : throw new BenchException($"{Command} exited with {ExitCode}:\n{Tail(Output, 4000)}");

    public static string Tail(string text, int chars) => text.Length <= chars ? text : "[...]\n" + text[^chars..];
}

/// <summary>
/// A process the bench started: its output kept in memory (the last <see cref="MaxLines"/> lines), stopped by pid
/// (SIGTERM, then SIGKILL after a grace period) and always reaped. Proxy variables are removed from its environment:
/// everything the bench talks to is on 127.0.0.1.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private const int MaxLines = 20_000;
    private static readonly string[] _proxyVariables = ["http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY"];

    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Action<string>? _onLine;
    private long _linesSeen;
    private int _disposed;

    private ChildProcess(Process process, Action<string>? onLine)
    {
        _process = process;
        _onLine = onLine;
    }

    public string Command { get; private init; } = "";

    public int Pid { get; private set; }

    public bool HasExited => _process.HasExited;

    /// <summary>How many lines the process has printed so far (also counting lines dropped from memory).</summary>
    public long LinesSeen => Interlocked.Read(ref _linesSeen);

    /// <summary>Everything kept of what it printed (stdout and stderr interleaved).</summary>
    public string Output
    {
        get
        {
            lock (_lines)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    /// <summary>The lines printed since <paramref name="linesSeenBefore"/> (a value of <see cref="LinesSeen"/>), as far as they are still kept.</summary>
    public IReadOnlyList<string> LinesSince(long linesSeenBefore)
    {
        lock (_lines)
        {
            var dropped = _linesSeen - _lines.Count;
            var from = (int)Math.Max(0, linesSeenBefore - dropped);
            return from >= _lines.Count ? [] : _lines.GetRange(from, _lines.Count - from);
        }
    }

    public static ChildProcess Start(string file, IEnumerable<string> args, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null, Action<string>? onLine = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "/",
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in _proxyVariables)
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var child = new ChildProcess(process, onLine) { Command = string.Join(' ', [file, .. start.ArgumentList]) };
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            throw;
        }

        child.Pid = process.Id;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs a command to its end and times it (spawn to exit); cancelling stops it by pid and reaps it.</summary>
    public static async Task<ProcessRun> RunAsync(string file, IEnumerable<string> args, CancellationToken ct,
        string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var clock = Stopwatch.StartNew();
        await using var child = Start(file, args, workingDirectory, environment);
        await child.WaitForExitAsync(ct);
        clock.Stop();
        return new ProcessRun(child.Command, child._process.ExitCode, clock.Elapsed, child.Output);
    }

    /// <summary>Waits for the exit (and the end of its output); on cancellation stops the process, then throws.</summary>
    public async Task WaitForExitAsync(CancellationToken ct)
    {
        try
        {
            await _process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            await StopAsync(TimeSpan.FromSeconds(2));
            throw;
        }
    }

    public int ExitCode => _process.ExitCode;

    /// <summary>SIGTERM by pid, SIGKILL after <paramref name="grace"/>; returns once the process is reaped.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (!_process.HasExited)
        {
            Signal(Processes.SigTerm);
            using var cts = new CancellationTokenSource(grace);
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine($"bench: pid {Pid} ({Command}) ignored SIGTERM for {grace.TotalSeconds:0} s; sending SIGKILL");
                Signal(Processes.SigKill);
            }
        }

        // Reaps it (and waits for the end of its output).
        await _process.WaitForExitAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await StopAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Signal(int signal)
    {
        // ESRCH: it exited meanwhile; WaitForExitAsync reaps it.
        if (!Processes.Signal(Pid, signal) && Marshal.GetLastPInvokeError() != 3)
        {
            throw new InvalidOperationException($"kill({Pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            if (_lines.Count >= MaxLines)
            {
                _lines.RemoveRange(0, MaxLines / 2);
            }

            _lines.Add(line);
            _linesSeen++;
        }

        _onLine?.Invoke(line);
    }
}
