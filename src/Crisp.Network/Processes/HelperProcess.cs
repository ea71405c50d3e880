using System.ComponentModel;
using System.Diagnostics;

namespace Crisp.Network.Processes;

/// <summary>
/// Runs short-lived helpers with <see cref="Process"/>: stdin fed from memory, stdout and stderr captured, a
/// deadline after which the whole process tree is killed. Cancellation kills it too.
/// </summary>
internal static class HelperProcess
{
    private const int ETxtBsy = 26;
    private const int StartAttempts = 6;

    /// <summary>Runs the helper to completion. Throws <see cref="TimeoutException"/> when it outlives its deadline.</summary>
    public static async Task<HelperResult> RunAsync(HelperInvocation invocation, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(invocation.FileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in invocation.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in invocation.Environment)
        {
            startInfo.Environment[key] = value;
        }

        using var process = await StartAsync(startInfo, cancellationToken).ConfigureAwait(false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(invocation.Timeout);

        var stdout = ReadAllAsync(process.StandardOutput.BaseStream, deadline.Token);
        var stderr = ReadAllAsync(process.StandardError.BaseStream, deadline.Token);
        try
        {
            await FeedStdinAsync(process, invocation.Stdin, deadline.Token).ConfigureAwait(false);
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            var output = await stdout.ConfigureAwait(false);
            var errors = await stderr.ConfigureAwait(false);
            return new HelperResult(process.ExitCode, output, System.Text.Encoding.UTF8.GetString(errors).Trim());
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            Kill(process);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"{invocation.Display} did not finish within {invocation.Timeout.TotalSeconds:0.###}s and was killed");
        }
    }

    private static async Task<Process> StartAsync(ProcessStartInfo startInfo, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return Process.Start(startInfo) ?? throw new InvalidOperationException($"{startInfo.FileName} did not start");
            }
            catch (Win32Exception e) when (e.NativeErrorCode == ETxtBsy && attempt < StartAttempts)
            {
                // The binary is still open for writing somewhere (being installed, or a forked child of
                // this process has not exec'd yet): libcni waits and retries too.
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task FeedStdinAsync(Process process, ReadOnlyMemory<byte> stdin, CancellationToken cancellationToken)
    {
        var input = process.StandardInput.BaseStream;
        try
        {
            if (!stdin.IsEmpty)
            {
                await input.WriteAsync(stdin, cancellationToken).ConfigureAwait(false);
                await input.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (IOException)
        {
            // The program exited (or closed stdin) without reading everything; its exit status tells the rest.
        }
        finally
        {
            try
            {
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // Broken pipe on close: same as above.
            }
        }
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (Win32Exception)
        {
            // Exited while we were killing it.
        }
    }
}
