using System.Net.Sockets;
using System.Text;
using Crisp.Cri.Streaming.Spdy;

namespace Crisp.Ctl.Streaming;

/// <summary>
/// The client side of a Kubernetes SPDY stream connection: <c>POST url</c> with <c>Upgrade: SPDY/3.1</c> and the
/// offered <c>X-Stream-Protocol-Version</c>s, a <c>101</c>, then a SPDY/3.1 session (crisp's own <see cref="SpdyConnection"/>).
/// </summary>
internal sealed class SpdyUpgrade : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly Task _running;

    private SpdyUpgrade(TcpClient tcp, NetworkStream stream, string protocol)
    {
        _tcp = tcp;
        Protocol = protocol;
        Connection = SpdyConnection.Client(stream);
        _running = Connection.RunAsync();
    }

    public SpdyConnection Connection { get; }

    public string Protocol { get; }

    public static async Task<SpdyUpgrade> ConnectAsync(string url, IReadOnlyList<string> protocols, CancellationToken ct)
    {
        var uri = new Uri(url);
        if (uri.Scheme != "http")
        {
            throw new CtlException($"streaming URL {url}: only http URLs are supported");
        }

        var tcp = new TcpClient { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(uri.Host, uri.Port, ct);
            var stream = tcp.GetStream();
            var request = new StringBuilder()
                .Append("POST ").Append(uri.PathAndQuery).Append(" HTTP/1.1\r\n")
                .Append("Host: ").Append(uri.Authority).Append("\r\n")
                .Append("Content-Length: 0\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n");
            foreach (var protocol in protocols)
            {
                request.Append("X-Stream-Protocol-Version: ").Append(protocol).Append("\r\n");
            }

            await stream.WriteAsync(Encoding.ASCII.GetBytes(request.Append("\r\n").ToString()), ct);
            var head = await ReadHeadAsync(stream, ct);
            var lines = head.Split("\r\n");
            var status = lines[0].Split(' ', 3);
            if (status.Length < 2 || status[1] != "101")
            {
                var body = new byte[4096];
                var read = await stream.ReadAtLeastAsync(body, 1, throwOnEndOfStream: false, ct);
                throw new CtlException($"unable to upgrade connection: {lines[0]} {Encoding.UTF8.GetString(body, 0, read).Trim()}");
            }

            var chosen = lines.Skip(1)
                .Select(l => l.Split(':', 2))
                .Where(p => p.Length == 2 && p[0].Trim().Equals("X-Stream-Protocol-Version", StringComparison.OrdinalIgnoreCase))
                .Select(p => p[1].Trim())
                .FirstOrDefault() ?? protocols[^1];
            return new SpdyUpgrade(tcp, stream, chosen);
        }
        catch (SocketException e)
        {
            tcp.Dispose();
            throw new CtlException($"connect to the streaming server {uri.Authority}: {e.Message}");
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    public async Task<SpdyStream> OpenAsync(SpdyHeaders headers, CancellationToken ct)
    {
        var stream = await Connection.OpenStreamAsync(headers, cancellationToken: ct);
        await stream.WaitForReplyAsync(ct);
        return stream;
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        await _running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _tcp.Dispose();
    }

    /// <summary>The response head, read byte by byte so that no SPDY frame after it is consumed.</summary>
    private static async Task<string> ReadHeadAsync(NetworkStream stream, CancellationToken ct)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || !(head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await stream.ReadAsync(one, ct) == 0 || head.Count > 64 * 1024)
            {
                throw new CtlException("the streaming server closed the connection during the upgrade");
            }

            head.Add(one[0]);
        }

        return Encoding.ASCII.GetString([.. head]);
    }
}
