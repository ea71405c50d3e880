using System.Diagnostics;

namespace Crisp.IntegrationTests.Harness.Pods;

/// <summary>Runs host tools (ip, iptables, nsenter, runc) for the tests' own checks and cleanup.</summary>
public static class HostCommand
{
    public static ProcessResult TryRun(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} hung");
        }

        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    public static string Run(string file, params string[] arguments)
    {
        var result = TryRun(file, arguments);
        return result.ExitCode == 0
            ? result.StandardOutput
            : throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed: {result}");
    }
}
