using System.Text;

namespace Crisp.IntegrationTests.Harness.Streaming;

/// <summary>Exec/attach over a WebSocket: channels 0 stdin, 1 stdout, 2 stderr, 3 error, 4 resize.</summary>
public sealed class WebSocketRemoteCommandClient : IRemoteCommandClient
{
    private readonly WebSocketChannelClient _channels;

    private WebSocketRemoteCommandClient(WebSocketChannelClient channels)
    {
        _channels = channels;
        Stdout = channels.Channel(1);
        Stderr = channels.Channel(2);
        Error = channels.Channel(3);
    }

    public string Protocol => _channels.Protocol;

    public StreamOutput Stdout { get; }

    public StreamOutput Stderr { get; }

    public StreamOutput Error { get; }

    public WebSocketChannelClient Channels => _channels;

    public static async Task<WebSocketRemoteCommandClient> ConnectAsync(string url, RemoteCommandOptions options, CancellationToken cancellationToken) =>
        new(await WebSocketChannelClient.ConnectAsync(url, options.Protocol, cancellationToken));

    public Task SendStdinAsync(string text, CancellationToken cancellationToken) =>
        _channels.SendAsync(0, Encoding.UTF8.GetBytes(text), cancellationToken);

    public Task CloseStdinAsync(CancellationToken cancellationToken) =>
        Protocol.StartsWith("v5.", StringComparison.Ordinal)
            ? _channels.SendCloseSignalAsync(0, cancellationToken)
            : throw new InvalidOperationException($"{Protocol} has no way to close stdin (v5.channel.k8s.io has)");

    public Task ResizeAsync(ushort width, ushort height, CancellationToken cancellationToken) =>
        _channels.SendAsync(4, Encoding.UTF8.GetBytes($"{{\"Width\":{width},\"Height\":{height}}}"), cancellationToken);

    public Task WaitForEndAsync(CancellationToken cancellationToken) => _channels.Closed.WaitAsync(cancellationToken);

    public Task CloseAsync(CancellationToken cancellationToken) => _channels.CloseAsync(cancellationToken);

    public void Abort() => _channels.Abort();

    public ValueTask DisposeAsync() => _channels.DisposeAsync();
}
