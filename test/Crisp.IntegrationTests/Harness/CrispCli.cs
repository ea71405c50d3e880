using System.Diagnostics;

namespace Crisp.IntegrationTests.Harness;

/// <summary>Runs the crisp executable as a command that finishes (config, version, status, wipe, or a daemon that must fail).</summary>
public static class CrispCli
{
    public static async Task<ProcessResult> RunAsync(IEnumerable<string> args, string? standardInput = null, TimeSpan? timeout = null)
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

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
        }

        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException($"crisp {string.Join(' ', args)} did not finish in time:\n{await stderr}");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}
