using System.Buffers;
using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Text;

namespace Crisp.Cri.Streaming.Remote;

/// <summary>
/// The Kubernetes channel protocols over a WebSocket: every message carries one channel's bytes, prefixed with the
/// channel number — as a byte in binary messages (<c>channel.k8s.io</c>, <c>v4.channel.k8s.io</c>,
/// <c>v5.channel.k8s.io</c>), or as an ASCII digit followed by base64 in text messages (<c>base64.channel.k8s.io</c>).
/// In v5 the client closes a channel (stdin's end of file) with the message <c>[255, channel]</c>. Incoming bytes are
/// read per channel with <see cref="Reader"/>; <see cref="Writer"/> sends one message per write.
/// </summary>
internal sealed class WebSocketChannels : IAsyncDisposable
{
    /// <summary>The v5 control channel: <c>[255, n]</c> closes channel n.</summary>
    private const byte CloseSignal = 255;

    private const int MaxMessageBytes = 1024 * 1024;

    private readonly WebSocket _socket;
    private readonly bool _base64;
    private readonly bool _closeSignals;
    private readonly Dictionary<int, Pipe> _incoming = [];
    private readonly SemaphoreSlim _sending = new(1, 1);

    public WebSocketChannels(WebSocket socket, string protocol, IEnumerable<int> incomingChannels)
    {
        _socket = socket;
        _base64 = protocol.Contains("base64", StringComparison.Ordinal);
        _closeSignals = protocol.StartsWith("v5.", StringComparison.Ordinal);
        foreach (var channel in incomingChannels)
        {
            _incoming[channel] = new Pipe();
        }
    }

    /// <summary>The subprotocols served, the preferred first.</summary>
    public static IReadOnlyList<string> Protocols { get; } =
        ["v5.channel.k8s.io", "v4.channel.k8s.io", "v4.base64.channel.k8s.io", "channel.k8s.io", "base64.channel.k8s.io"];

    /// <summary>The first of the client's offered subprotocols that is served (in the server's order), or null.</summary>
    public static string? Negotiate(IEnumerable<string> offered)
    {
        var set = offered.SelectMany(o => o.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal);
        return Protocols.FirstOrDefault(set.Contains);
    }

    /// <summary>Whether the negotiated protocol is one of the v4/v5 ones (exit status as a JSON Status).</summary>
    public static bool SendsStatusObject(string protocol) => protocol.StartsWith("v4.", StringComparison.Ordinal) || protocol.StartsWith("v5.", StringComparison.Ordinal);

    /// <summary>What the client sends on <paramref name="channel"/>; ends when it closes the channel or the connection.</summary>
    public Stream Reader(int channel) => _incoming[channel].Reader.AsStream();

    /// <summary>A stream whose every write becomes one message on <paramref name="channel"/>.</summary>
    public Stream Writer(int channel) => new ChannelWriteStream(this, (byte)channel);

    /// <summary>Receives until the client closes or <paramref name="cancellationToken"/> fires; then every reader ends.</summary>
    public async Task ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        try
        {
            while (true)
            {
                buffer.Clear();
                ValueWebSocketReceiveResult result;
                do
                {
                    if (buffer.WrittenCount > MaxMessageBytes)
                    {
                        await _socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, "message too big", CancellationToken.None).ConfigureAwait(false);
                        return;
                    }

                    result = await _socket.ReceiveAsync(buffer.GetMemory(16 * 1024), cancellationToken).ConfigureAwait(false);
                    buffer.Advance(result.Count);
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                await DispatchAsync(Decode(buffer.WrittenMemory, result.MessageType), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The client went away.
        }
        finally
        {
            foreach (var pipe in _incoming.Values)
            {
                await pipe.Writer.CompleteAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// <see cref="ReceiveAsync"/>, then cancels <paramref name="clientGone"/>: a client's close frame ends its session
    /// as a lost connection does (the HTTP request is not aborted by a close frame, so nothing else would notice).
    /// </summary>
    public async Task ReceiveThenCancelAsync(CancellationTokenSource clientGone, CancellationToken cancellationToken)
    {
        await ReceiveAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await clientGone.CancelAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // The session is over already.
        }
    }

    /// <summary>Sends one message on <paramref name="channel"/> (an empty payload too: clients use it as a signal).</summary>
    public async Task SendAsync(byte channel, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        byte[] message;
        WebSocketMessageType type;
        if (_base64)
        {
            message = Encoding.ASCII.GetBytes((char)('0' + channel) + Convert.ToBase64String(data.Span));
            type = WebSocketMessageType.Text;
        }
        else
        {
            message = new byte[data.Length + 1];
            message[0] = channel;
            data.CopyTo(message.AsMemory(1));
            type = WebSocketMessageType.Binary;
        }

        await _sending.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.SendAsync(message, type, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>Closes the connection normally (after the last message).</summary>
    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", cancellationToken).ConfigureAwait(false);
            }
        }
        catch (WebSocketException)
        {
            // Gone already.
        }
        finally
        {
            _sending.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        _sending.Dispose();
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    private (int Channel, byte[] Data) Decode(ReadOnlyMemory<byte> message, WebSocketMessageType type)
    {
        if (message.Length == 0)
        {
            return (-1, []);
        }

        if (type == WebSocketMessageType.Text)
        {
            var text = Encoding.ASCII.GetString(message.Span);
            var channel = text[0] - '0';
            try
            {
                return (channel, Convert.FromBase64String(text[1..]));
            }
            catch (FormatException)
            {
                return (-1, []);
            }
        }

        return (message.Span[0], message.Span[1..].ToArray());
    }

    private async Task DispatchAsync((int Channel, byte[] Data) message, CancellationToken cancellationToken)
    {
        if (_closeSignals && message.Channel == CloseSignal)
        {
            if (message.Data.Length > 0 && _incoming.TryGetValue(message.Data[0], out var closed))
            {
                await closed.Writer.CompleteAsync().ConfigureAwait(false);
            }

            return;
        }

        if (message.Data.Length > 0 && _incoming.TryGetValue(message.Channel, out var pipe))
        {
            try
            {
                await pipe.Writer.WriteAsync(message.Data, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // Written after the channel was closed: dropped.
            }
        }
    }

    /// <summary>A write-only stream over one outgoing channel.</summary>
    private sealed class ChannelWriteStream(WebSocketChannels owner, byte channel) : WriteOnlyStream
    {
        protected override async ValueTask SendAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken) =>
            await owner.SendAsync(channel, buffer, cancellationToken).ConfigureAwait(false);
    }
}
