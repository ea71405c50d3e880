using System.Diagnostics;
using System.Text;
using Crisp.IntegrationTests.Harness.Pods;
using Shouldly;

namespace Crisp.IntegrationTests.Harness;

/// <summary>
/// Runs <c>crisp ctl -r unix://&lt;test socket&gt; …</c> as a process: to completion (<see cref="RunAsync"/>), or kept
/// running with its output collected (<see cref="Start"/>, for <c>logs -f</c> and <c>port-forward</c>).
/// </summary>
public static class CrispCtl
{
    public static string[] Args(PodTestHost host, IEnumerable<string> args) => ["ctl", "-r", "unix://" + host.Daemon.Socket, .. args];

    public static Task<ProcessResult> RunAsync(PodTestHost host, params string[] args) => CrispCli.RunAsync(Args(host, args));

    /// <summary>Runs and checks exit code 0 and an empty stderr; returns stdout.</summary>
    public static async Task<string> OkAsync(PodTestHost host, params string[] args)
    {
        var result = await RunAsync(host, args);
        result.ExitCode.ShouldBe(0, $"crisp ctl {string.Join(' ', args)}: {result}");
        return result.StandardOutput;
    }

    public static RunningCtl Start(PodTestHost host, params string[] args) => new(Args(host, args));

    /// <summary>The files a test writes for runp/create/run: in a directory of the host's test directory.</summary>
    public static string WriteFile(PodTestHost host, string name, string content)
    {
        var dir = Path.Combine(host.Files.Directory, "ctl");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, content);
        return path;
    }
}

/// <summary>A <c>crisp ctl</c> process that keeps running; disposing kills it (by its PID) if it has not ended.</summary>
public sealed class RunningCtl : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Task _reading;

    public RunningCtl(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(CrispBinary.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start)!;
        _reading = Task.WhenAll(PumpAsync(_process.StandardOutput, _stdout), PumpAsync(_process.StandardError, _stderr));
    }

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Waits for the process to end by itself; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan within)
    {
        using var cts = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"crisp ctl did not end within {within}; stdout:\n{Stdout}\nstderr:\n{Stderr}");
        }

        await _reading;
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync(CancellationToken.None);
        await _reading;
        _process.Dispose();
    }

    private static async Task PumpAsync(StreamReader reader, StringBuilder into)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            lock (into)
            {
                into.Append(buffer, 0, read);
            }
        }
    }
}
