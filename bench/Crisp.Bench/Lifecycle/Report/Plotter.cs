using Crisp.Bench.Infrastructure;

namespace Crisp.Bench.Lifecycle.Report;

/// <summary>Draws the PNG with bench/plot_lifecycle.py (matplotlib, Debian's python3-matplotlib through /usr/bin/python3).</summary>
internal static class Plotter
{
    public const string Python = "/usr/bin/python3";

    /// <summary>Returns null on success, else why there is no plot.</summary>
    public static async Task<string?> DrawAsync(string script, string json, string png, CancellationToken ct)
    {
        if (!File.Exists(Python))
        {
            return $"{Python} is missing (apt-get install python3-matplotlib)";
        }

        if (!File.Exists(script))
        {
            return $"{script} is missing";
        }

        var run = await ChildProcess.RunAsync(Python, [script, json, png], ct);
        return run.ExitCode == 0 ? null : $"{script} exited with {run.ExitCode}: {ProcessRun.Tail(run.Output, 1500)}";
    }
}
