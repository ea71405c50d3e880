namespace Crisp.IntegrationTests.Harness.Streaming;

/// <summary>The transports a client may use for exec, attach and port-forward.</summary>
public enum StreamTransport
{
    Spdy,
    WebSocket,
}

/// <summary>Which streams a remote command (exec or attach) was requested with, and the protocol to offer.</summary>
public sealed record RemoteCommandOptions(bool Stdin, bool Stdout, bool Stderr, bool Tty, string Protocol = "v4.channel.k8s.io")
{
    /// <summary>The newest remote-command protocol of each transport: v4 over SPDY, v5 over a WebSocket.</summary>
    public static string NewestProtocol(StreamTransport transport) =>
        transport == StreamTransport.Spdy ? "v4.channel.k8s.io" : "v5.channel.k8s.io";
}

/// <summary>
/// A client of one exec or attach connection, whatever the transport: what arrived on stdout, stderr and the error
/// stream; stdin, its end and terminal resizes to send; the end of the session.
/// </summary>
public interface IRemoteCommandClient : IAsyncDisposable
{
    string Protocol { get; }

    StreamOutput Stdout { get; }

    StreamOutput Stderr { get; }

    /// <summary>The error stream: a Status JSON with the v4/v5 protocols.</summary>
    StreamOutput Error { get; }

    Task SendStdinAsync(string text, CancellationToken cancellationToken);

    /// <summary>End of file on stdin (SPDY: FIN on the stdin stream; v5 WebSocket: the close signal [255, 0]).</summary>
    Task CloseStdinAsync(CancellationToken cancellationToken);

    /// <summary>Sends <c>{"Width":W,"Height":H}</c> on the resize stream.</summary>
    Task ResizeAsync(ushort width, ushort height, CancellationToken cancellationToken);

    /// <summary>Waits until the server has ended the error stream and the output streams.</summary>
    Task WaitForEndAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Ends the connection the polite way while the session may still run: a WebSocket close frame (the TCP connection
    /// stays open for the server's answer), or for SPDY GOAWAY and the end of the TCP connection.
    /// </summary>
    Task CloseAsync(CancellationToken cancellationToken);

    /// <summary>Drops the connection without a goodbye.</summary>
    void Abort();
}

/// <summary>Connects an <see cref="IRemoteCommandClient"/> over the transport a test names.</summary>
public static class RemoteCommandClients
{
    public static async Task<IRemoteCommandClient> ConnectAsync(StreamTransport transport, string url, RemoteCommandOptions options, CancellationToken cancellationToken) =>
        transport == StreamTransport.Spdy
            ? await SpdyRemoteCommandClient.ConnectAsync(url, options, cancellationToken)
            : await WebSocketRemoteCommandClient.ConnectAsync(url, options, cancellationToken);

    /// <summary>Waits for the end; with a message naming what arrived when it does not come.</summary>
    public static async Task WaitForEndAsync(this IRemoteCommandClient client, TimeSpan within, CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(within);
        try
        {
            await client.WaitForEndAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the session did not end in time; stdout \"{client.Stdout.Text}\", stderr \"{client.Stderr.Text}\", error \"{client.Error.Text}\"");
        }
    }
}
