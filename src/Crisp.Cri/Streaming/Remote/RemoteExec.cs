using Crisp.Oci.Runtime;

namespace Crisp.Cri.Streaming.Remote;

/// <summary>
/// Runs one exec session between a client and the process: stdin forwarded (its end closes the process's stdin),
/// output copied out, resize events applied, and the exit code reported once the output has drained. When the client
/// goes away (<paramref name="clientGone"/>) the process is killed; nothing outlives the call.
/// </summary>
internal static class RemoteExec
{
    public static async Task RunAsync(IExecSession session, RemoteStreams client, CancellationToken clientGone)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(clientGone);
        var input = ForwardStdinAsync(session, client.Stdin, stop.Token);
        var resizes = ApplyResizesAsync(session, client.Resize, stop.Token);
        var output = Task.WhenAll(CopyAsync(session.Stdout, client.Stdout), CopyAsync(session.Stderr, client.Stderr));
        int exitCode;
        try
        {
            exitCode = await session.WaitForExitAsync(clientGone).ConfigureAwait(false);
            await output.WaitAsync(clientGone).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            session.Kill();
            return;
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(input, resizes).ConfigureAwait(false);
        }

        await client.ReportAsync(exitCode, exitCode == 255 ? session.RuntimeError : null).ConfigureAwait(false);
    }

    private static async Task ForwardStdinAsync(IExecSession session, Stream? from, CancellationToken cancellationToken)
    {
        if (from is null || session.Stdin is not { } to)
        {
            return;
        }

        try
        {
            await from.CopyToAsync(to, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The process or the client is gone.
        }
        finally
        {
            session.CloseStdin();
        }
    }

    private static async Task ApplyResizesAsync(IExecSession session, Stream? from, CancellationToken cancellationToken)
    {
        if (from is null)
        {
            return;
        }

        await foreach (var size in ResizeReader.ReadAsync(from, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await session.ResizeAsync(size.Width, size.Height).ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidOperationException or IOException)
            {
                // No terminal, or the process is gone.
            }
        }
    }

    /// <summary>Copies process output to the client until the process closes it; a client that went away is not an error.</summary>
    internal static async Task CopyAsync(Stream? from, Stream? to)
    {
        if (from is null)
        {
            return;
        }

        try
        {
            if (to is null)
            {
                await from.CopyToAsync(Stream.Null).ConfigureAwait(false);
            }
            else
            {
                await from.CopyToAsync(to).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or System.Net.WebSockets.WebSocketException)
        {
            // One side closed.
        }
    }
}
