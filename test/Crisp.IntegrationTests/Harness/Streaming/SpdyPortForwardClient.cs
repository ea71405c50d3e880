using System.Globalization;
using System.Text;
using Crisp.Cri.Streaming.Spdy;

namespace Crisp.IntegrationTests.Harness.Streaming;

/// <summary>
/// <c>portforward.k8s.io</c> over SPDY as kubectl does it: per forwarded connection an error stream, then a data
/// stream, both with the <c>port</c> and the same <c>requestID</c> headers.
/// </summary>
public sealed class SpdyPortForwardClient : IAsyncDisposable
{
    public const string Protocol = "portforward.k8s.io";

    private readonly SpdyStreamClient _client;
    private readonly List<Task> _pumps = [];
    private int _nextRequestId;

    private SpdyPortForwardClient(SpdyStreamClient client) => _client = client;

    public static async Task<SpdyPortForwardClient> ConnectAsync(string url, CancellationToken cancellationToken) =>
        new(await SpdyStreamClient.ConnectAsync(url, [Protocol], cancellationToken));

    /// <summary>Opens the error and the data stream for a connection to <paramref name="port"/> in the pod.</summary>
    public async Task<SpdyForwardedConnection> ForwardAsync(int port, CancellationToken cancellationToken)
    {
        var requestId = (_nextRequestId++).ToString(CultureInfo.InvariantCulture);
        var portText = port.ToString(CultureInfo.InvariantCulture);
        var error = await _client.OpenAsync(new SpdyHeaders { { "streamType", "error" }, { "port", portText }, { "requestID", requestId } }, cancellationToken);
        var data = await _client.OpenAsync(new SpdyHeaders { { "streamType", "data" }, { "port", portText }, { "requestID", requestId } }, cancellationToken);
        var connection = new SpdyForwardedConnection(data);
        _pumps.Add(StreamOutput.PumpAsync(error.Input, connection.Error));
        _pumps.Add(StreamOutput.PumpAsync(data.Input, connection.Received));
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        await Task.WhenAll(_pumps);
    }
}

/// <summary>One forwarded connection: bytes to send on the data stream, what came back, what the error stream said.</summary>
public sealed class SpdyForwardedConnection(SpdyStream data)
{
    public StreamOutput Received { get; } = new();

    public StreamOutput Error { get; } = new();

    public async Task SendAsync(string text, CancellationToken cancellationToken) =>
        await data.WriteAsync(Encoding.ASCII.GetBytes(text), cancellationToken);

    public async Task CloseWriteAsync(CancellationToken cancellationToken) => await data.CloseWriteAsync(cancellationToken);
}
