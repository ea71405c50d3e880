using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using System.Text;

namespace Crisp.IntegrationTests.Harness.Streaming;

/// <summary>
/// A WebSocket speaking the Kubernetes channel protocols: every message is one channel's bytes behind the channel
/// number — a byte in binary messages, an ASCII digit before base64 in text messages for the base64 protocols.
/// What arrives is collected per channel; when the server closes, the close is answered and every channel ends.
/// </summary>
public sealed class WebSocketChannelClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly bool _base64;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, StreamOutput> _channels = [];
    private readonly Task _receiving;
    private bool _ended;

    private WebSocketChannelClient(ClientWebSocket socket)
    {
        _socket = socket;
        Protocol = socket.SubProtocol ?? "";
        _base64 = Protocol.Contains("base64", StringComparison.Ordinal);
        _receiving = ReceiveAsync();
    }

    public string Protocol { get; }

    /// <summary>Completes when the connection is over (closed by the server, or failed).</summary>
    public Task Closed => _receiving;

    /// <summary>How the server closed the connection, once it did.</summary>
    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    /// <summary>Connects to <paramref name="url"/> (http becomes ws) offering <paramref name="protocol"/>; fails unless the server chose it.</summary>
    public static async Task<WebSocketChannelClient> ConnectAsync(string url, string protocol, CancellationToken cancellationToken)
    {
        var socket = Create(protocol);
        try
        {
            await socket.ConnectAsync(ToWebSocketUri(url), cancellationToken);
            if (socket.SubProtocol != protocol)
            {
                throw new InvalidOperationException($"the server chose subprotocol \"{socket.SubProtocol}\", not \"{protocol}\"");
            }

            return new WebSocketChannelClient(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The HTTP status a WebSocket handshake at <paramref name="url"/> is refused with (101 when it succeeds; then the socket is closed).</summary>
    public static async Task<HttpStatusCode> HandshakeStatusAsync(string url, string protocol, CancellationToken cancellationToken)
    {
        using var socket = Create(protocol);
        try
        {
            await socket.ConnectAsync(ToWebSocketUri(url), cancellationToken);
        }
        catch (WebSocketException)
        {
            return socket.HttpStatusCode;
        }

        socket.Abort();
        return HttpStatusCode.SwitchingProtocols;
    }

    public static Uri ToWebSocketUri(string url) =>
        new UriBuilder(url) { Scheme = url.StartsWith("https:", StringComparison.Ordinal) ? "wss" : "ws" }.Uri;

    /// <summary>What arrived on <paramref name="channel"/> so far (ended when the connection is over).</summary>
    public StreamOutput Channel(int channel)
    {
        lock (_gate)
        {
            if (!_channels.TryGetValue(channel, out var output))
            {
                output = _channels[channel] = new StreamOutput();
                if (_ended)
                {
                    output.End();
                }
            }

            return output;
        }
    }

    public async Task SendAsync(int channel, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (_base64)
        {
            var text = (char)('0' + channel) + Convert.ToBase64String(data.Span);
            await _socket.SendAsync(Encoding.ASCII.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            return;
        }

        var message = new byte[data.Length + 1];
        message[0] = (byte)channel;
        data.CopyTo(message.AsMemory(1));
        await _socket.SendAsync(message, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
    }

    /// <summary>The v5 close signal for <paramref name="channel"/>: the message [255, channel].</summary>
    public async Task SendCloseSignalAsync(int channel, CancellationToken cancellationToken) =>
        await _socket.SendAsync(new byte[] { 255, (byte)channel }, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);

    /// <summary>Sends the close frame (normal closure); the server is to answer with its own and close the connection.</summary>
    public async Task CloseAsync(CancellationToken cancellationToken) =>
        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", cancellationToken);

    /// <summary>Drops the connection without a close handshake.</summary>
    public void Abort() => _socket.Abort();

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", bound.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
            {
                _socket.Abort();
            }
        }

        if (await Task.WhenAny(_receiving, Task.Delay(TimeSpan.FromSeconds(5))) != _receiving)
        {
            _socket.Abort();
        }

        await _receiving;
        _socket.Dispose();
    }

    private static ClientWebSocket Create(string protocol)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(protocol);
        socket.Options.CollectHttpResponseDetails = true;
        return socket;
    }

    private async Task ReceiveAsync()
    {
        var buffer = new ArrayBufferWriter<byte>();
        Exception? failure = null;
        try
        {
            while (true)
            {
                buffer.Clear();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.GetMemory(16 * 1024), CancellationToken.None);
                    buffer.Advance(result.Count);
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (_socket.State == WebSocketState.CloseReceived)
                    {
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                    }

                    break;
                }

                Dispatch(buffer.WrittenSpan, result.MessageType);
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            failure = e;
        }

        lock (_gate)
        {
            _ended = true;
            foreach (var output in _channels.Values)
            {
                output.End(failure);
            }
        }
    }

    private void Dispatch(ReadOnlySpan<byte> message, WebSocketMessageType type)
    {
        if (message.IsEmpty)
        {
            return;
        }

        if (type == WebSocketMessageType.Text)
        {
            var text = Encoding.ASCII.GetString(message);
            Channel(text[0] - '0').Append(Convert.FromBase64String(text[1..]));
            return;
        }

        Channel(message[0]).Append(message[1..]);
    }
}
