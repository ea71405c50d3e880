using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;

namespace Crisp.Ctl.Streaming;

/// <summary>
/// One forwarded connection over a WebSocket (<c>--transport websocket</c>): <c>v4.channel.k8s.io</c> with
/// <c>?port=</c>, channel 0 carries data and channel 1 errors, each opened by the server with the port number (2 bytes).
/// Stream URLs are single-use, so every local connection gets a URL of its own.
/// </summary>
internal static class WebSocketPortForwarder
{
    public static async Task HandleAsync(string url, TcpClient socket, int remote, CancellationToken ct)
    {
        using var ws = new ClientWebSocket();
        ws.Options.AddSubProtocol("v4.channel.k8s.io");
        var uri = new UriBuilder(url)
        {
            Scheme = url.StartsWith("https:", StringComparison.Ordinal) ? "wss" : "ws",
            Query = $"port={remote}",
        }.Uri;
        await ws.ConnectAsync(uri, ct);

        var network = socket.GetStream();
        using var localDone = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var toPod = SendAsync(ws, network, localDone.Token);
        var error = await ReceiveAsync(ws, network, ct);
        socket.Client.Shutdown(SocketShutdown.Send);
        await localDone.CancelAsync();
        await toPod.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (ws.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (error.Trim() is { Length: > 0 } message)
        {
            Console.Error.WriteLine($"crisp ctl: an error occurred forwarding to {remote}: {message}");
        }
    }

    /// <summary>Local bytes to the pod on channel 0; at the local end of file the WebSocket is closed.</summary>
    private static async Task SendAsync(ClientWebSocket ws, NetworkStream network, CancellationToken ct)
    {
        var buffer = new byte[16385];
        int read;
        while ((read = await network.ReadAsync(buffer.AsMemory(1), ct)) > 0)
        {
            await ws.SendAsync(buffer.AsMemory(0, read + 1), WebSocketMessageType.Binary, endOfMessage: true, ct);
        }

        await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
    }

    /// <summary>The pod's bytes (channel 0) to the local connection until the server closes; returns the error channel's text.</summary>
    private static async Task<string> ReceiveAsync(ClientWebSocket ws, NetworkStream network, CancellationToken ct)
    {
        var error = new StringBuilder();
        var prefixSeen = new bool[2];
        var buffer = new byte[65536];
        using var message = new MemoryStream();
        while (true)
        {
            message.SetLength(0);
            ValueWebSocketReceiveResult result;
            do
            {
                try
                {
                    result = await ws.ReceiveAsync(buffer.AsMemory(), ct);
                }
                catch (WebSocketException)
                {
                    return error.ToString();
                }

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return error.ToString();
                }

                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);

            var frame = message.GetBuffer().AsMemory(0, (int)message.Length);
            if (frame.Length == 0 || frame.Span[0] > 1)
            {
                continue;
            }

            var channel = frame.Span[0];
            var payload = frame[1..];
            if (!prefixSeen[channel])
            {
                prefixSeen[channel] = true;
                payload = payload.Length >= 2 ? payload[2..] : Memory<byte>.Empty;
            }

            if (channel == 0)
            {
                await network.WriteAsync(payload, ct);
            }
            else
            {
                error.Append(Encoding.UTF8.GetString(payload.Span));
            }
        }
    }
}
