using System.Text;
using Crisp.Cri.Streaming.Spdy;

namespace Crisp.IntegrationTests.Harness.Streaming;

/// <summary>
/// Exec/attach over SPDY as client-go's remotecommand does it: one stream per <c>streamType</c> — error first, then
/// stdin, stdout, stderr (not with a tty) and resize (a tty, v3/v4) — as the request asked for.
/// </summary>
public sealed class SpdyRemoteCommandClient : IRemoteCommandClient
{
    private readonly SpdyStreamClient _client;
    private readonly SpdyStream? _stdin;
    private readonly SpdyStream? _resize;
    private readonly List<Task> _pumps = [];

    private SpdyRemoteCommandClient(SpdyStreamClient client, SpdyStream error, SpdyStream? stdin, SpdyStream? stdout, SpdyStream? stderr, SpdyStream? resize)
    {
        _client = client;
        _stdin = stdin;
        _resize = resize;
        _pumps.Add(StreamOutput.PumpAsync(error.Input, Error));
        _pumps.Add(stdout is null ? End(Stdout) : StreamOutput.PumpAsync(stdout.Input, Stdout));
        _pumps.Add(stderr is null ? End(Stderr) : StreamOutput.PumpAsync(stderr.Input, Stderr));
    }

    public string Protocol => _client.Protocol;

    public StreamOutput Stdout { get; } = new();

    public StreamOutput Stderr { get; } = new();

    public StreamOutput Error { get; } = new();

    public SpdyConnection Connection => _client.Connection;

    public static async Task<SpdyRemoteCommandClient> ConnectAsync(string url, RemoteCommandOptions options, CancellationToken cancellationToken)
    {
        var client = await SpdyStreamClient.ConnectAsync(url, [options.Protocol], cancellationToken);
        try
        {
            var error = await OpenAsync(client, "error", cancellationToken);
            var stdin = options.Stdin ? await OpenAsync(client, "stdin", cancellationToken) : null;
            var stdout = options.Stdout ? await OpenAsync(client, "stdout", cancellationToken) : null;
            var stderr = options.Stderr && !options.Tty ? await OpenAsync(client, "stderr", cancellationToken) : null;
            var resize = options.Tty ? await OpenAsync(client, "resize", cancellationToken) : null;
            return new SpdyRemoteCommandClient(client, error, stdin, stdout, stderr, resize);
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    public async Task SendStdinAsync(string text, CancellationToken cancellationToken) =>
        await (_stdin ?? throw new InvalidOperationException("no stdin stream")).WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);

    public async Task CloseStdinAsync(CancellationToken cancellationToken) =>
        await (_stdin ?? throw new InvalidOperationException("no stdin stream")).CloseWriteAsync(cancellationToken);

    public async Task ResizeAsync(ushort width, ushort height, CancellationToken cancellationToken) =>
        await (_resize ?? throw new InvalidOperationException("no resize stream")).WriteAsync(Encoding.UTF8.GetBytes($"{{\"Width\":{width},\"Height\":{height}}}"), cancellationToken);

    public Task WaitForEndAsync(CancellationToken cancellationToken) => Task.WhenAll(_pumps).WaitAsync(cancellationToken);

    public async Task CloseAsync(CancellationToken cancellationToken) => await _client.Connection.DisposeAsync();

    public void Abort() => _client.Abort();

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        await Task.WhenAll(_pumps);
    }

    private static async Task<SpdyStream> OpenAsync(SpdyStreamClient client, string type, CancellationToken cancellationToken) =>
        await client.OpenAsync(new SpdyHeaders { { "streamType", type } }, cancellationToken);

    private static Task End(StreamOutput output)
    {
        output.End();
        return Task.CompletedTask;
    }
}
