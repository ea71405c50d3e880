using Crisp.Oci.Runtime;

namespace Crisp.Cri.Streaming.Remote;

/// <summary>
/// Runs one attach session: the container's output from conmon's attach socket to the client (stdout and stderr kept
/// apart, or merged for a terminal), the client's stdin to the container, resize events through conmon's control
/// fifo; ends when the container exits (conmon closes the socket) or the client goes away.
/// </summary>
internal static class RemoteAttach
{
    public static async Task RunAsync(IAttachSession session, RemoteStreams client, Func<ushort, ushort, Task> resize, CancellationToken clientGone)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(clientGone);
        var input = ForwardStdinAsync(session, client.Stdin, stop.Token);
        var resizes = ApplyResizesAsync(client.Resize, resize, stop.Token);
        try
        {
            await foreach (var chunk in session.ReadOutputAsync(clientGone).ConfigureAwait(false))
            {
                var to = chunk.Stream == AttachStreamKind.Stderr ? client.Stderr ?? client.Stdout : client.Stdout;
                if (to is not null)
                {
                    await to.WriteAsync(chunk.Data, clientGone).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or System.Net.WebSockets.WebSocketException)
        {
            return;
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(input, resizes).ConfigureAwait(false);
        }

        await client.ReportAsync(null, null).ConfigureAwait(false);
    }

    private static async Task ForwardStdinAsync(IAttachSession session, Stream? from, CancellationToken cancellationToken)
    {
        if (from is null)
        {
            return;
        }

        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await session.WriteStdinAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }

            session.CloseStdin();
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            // The container or the client is gone.
        }
    }

    private static async Task ApplyResizesAsync(Stream? from, Func<ushort, ushort, Task> resize, CancellationToken cancellationToken)
    {
        if (from is null)
        {
            return;
        }

        await foreach (var size in ResizeReader.ReadAsync(from, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await resize(size.Width, size.Height).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or OciRuntimeException)
            {
                // No terminal, or the container is gone.
            }
        }
    }
}
