using System.Net.Sockets;
using System.Text;
using Crisp.Cri.Streaming.Spdy;

namespace Crisp.Cri.Streaming.Remote;

/// <summary>
/// <c>portforward.k8s.io</c> over SPDY: for every forwarded connection the client opens an error stream and a data
/// stream with the same <c>requestID</c> and <c>port</c> headers; once both are there the server connects to the
/// port inside the pod and pumps bytes both ways, writing any failure to the error stream. Runs until the client
/// closes the connection.
/// </summary>
internal static class SpdyPortForward
{
    public const string Protocol = "portforward.k8s.io";

    public static async Task RunAsync(SpdyConnection connection, Func<int, Task<Socket>> connect, CancellationToken clientGone)
    {
        var pending = new Dictionary<string, (SpdyStream? Data, SpdyStream? Error)>(StringComparer.Ordinal);
        var forwards = new List<Task>();
        try
        {
            while (await connection.AcceptStreamAsync(clientGone).ConfigureAwait(false) is { } stream)
            {
                var request = stream.Headers["requestid"] ?? "";
                var type = stream.Headers["streamtype"];
                if (type is not ("data" or "error") || !int.TryParse(stream.Headers["port"], out var port) || port is < 1 or > 65535)
                {
                    await stream.ReplyAsync(fin: true, cancellationToken: clientGone).ConfigureAwait(false);
                    continue;
                }

                await stream.ReplyAsync(cancellationToken: clientGone).ConfigureAwait(false);
                var pair = pending.GetValueOrDefault(request);
                pair = type == "data" ? pair with { Data = stream } : pair with { Error = stream };
                if (pair is { Data: { } data, Error: { } error })
                {
                    pending.Remove(request);
                    forwards.Add(ForwardAsync(data, error, port, connect, clientGone));
                }
                else
                {
                    pending[request] = pair;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away.
        }

        await Task.WhenAll(forwards).ConfigureAwait(false);
    }

    private static async Task ForwardAsync(SpdyStream data, SpdyStream error, int port, Func<int, Task<Socket>> connect, CancellationToken clientGone)
    {
        Socket target;
        try
        {
            target = await connect(port).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or IOException or InvalidOperationException)
        {
            await WriteErrorAsync(error, $"failed to connect to localhost:{port} inside the pod: {e.Message}").ConfigureAwait(false);
            data.Reset();
            return;
        }

        using (target)
        await using (var toClient = new SpdyWriteStream(data))
        {
            await PortPump.RunAsync(data.Input, toClient, target, clientGone).ConfigureAwait(false);
        }

        await WriteErrorAsync(error, null).ConfigureAwait(false);
    }

    private static async Task WriteErrorAsync(SpdyStream error, string? message)
    {
        try
        {
            if (message is not null)
            {
                await error.WriteAsync(Encoding.UTF8.GetBytes(message)).ConfigureAwait(false);
            }

            await error.CloseWriteAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or SpdyStreamResetException)
        {
            // The client is gone.
        }
    }
}
