using System.Diagnostics;

namespace Crisp.Network.Tests.Support;

/// <summary>Runs host tools (ip, nsenter, iptables) for the tests' own checks and cleanup.</summary>
internal static class Shell
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result TryRun(string file, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(30_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} hung");
        }

        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    public static string Run(string file, params string[] arguments)
    {
        var result = TryRun(file, arguments);
        return result.ExitCode == 0
            ? result.Stdout
            : throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {result.ExitCode}: {result.Stderr}");
    }

    /// <summary>Runs a command inside a pinned network namespace.</summary>
    public static string InNetns(string netns, params string[] command) => Run("nsenter", [$"--net={netns}", "--", .. command]);

    /// <summary>Polls until <paramref name="condition"/> holds (kernel namespace teardown is asynchronous).</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }
}
