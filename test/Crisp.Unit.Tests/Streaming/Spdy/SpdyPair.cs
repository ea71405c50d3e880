using Crisp.Cri.Streaming.Spdy;

namespace Crisp.Unit.Tests.Streaming.Spdy;

/// <summary>A client and a server connection over in-memory pipes, both running.</summary>
internal sealed class SpdyPair : IAsyncDisposable
{
    private SpdyPair(SpdyConnection client, SpdyConnection server)
    {
        Client = client;
        Server = server;
        ClientRun = client.RunAsync();
        ServerRun = server.RunAsync();
    }

    public SpdyConnection Client { get; }

    public SpdyConnection Server { get; }

    public Task ClientRun { get; }

    public Task ServerRun { get; }

    public static SpdyPair Start(SpdyConnectionOptions? client = null, SpdyConnectionOptions? server = null)
    {
        var (clientEnd, serverEnd) = PipeStream.CreatePair();
        return new SpdyPair(SpdyConnection.Client(clientEnd, client), SpdyConnection.Server(serverEnd, server));
    }

    /// <summary>Opens a stream from the client and accepts and replies to it on the server.</summary>
    public async Task<(SpdyStream Client, SpdyStream Server)> OpenAsync(SpdyHeaders headers, CancellationToken token)
    {
        var client = await Client.OpenStreamAsync(headers, cancellationToken: token);
        var server = await Server.AcceptStreamAsync(token) ?? throw new InvalidOperationException("no stream arrived");
        await server.ReplyAsync(cancellationToken: token);
        await client.WaitForReplyAsync(token);
        return (client, server);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Server.DisposeAsync();
    }
}
