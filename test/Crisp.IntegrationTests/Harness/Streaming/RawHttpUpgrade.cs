using System.Net.Sockets;
using System.Text;

namespace Crisp.IntegrationTests.Harness.Streaming;

/// <summary>
/// An HTTP/1.1 request written by hand over a <see cref="TcpClient"/>, as a SPDY client sends its upgrade: the
/// response head is read byte by byte so that nothing after it (the server's first SPDY frames) is consumed.
/// </summary>
public sealed class RawHttpUpgrade : IDisposable
{
    private const int MaxHeadBytes = 64 * 1024;

    private RawHttpUpgrade(TcpClient tcp, NetworkStream stream, int statusCode, IReadOnlyDictionary<string, IReadOnlyList<string>> headers)
    {
        Tcp = tcp;
        Stream = stream;
        StatusCode = statusCode;
        Headers = headers;
    }

    public TcpClient Tcp { get; }

    /// <summary>The connection after the response head: SPDY frames after a 101, the body otherwise.</summary>
    public NetworkStream Stream { get; }

    public int StatusCode { get; }

    /// <summary>Response headers by lower-case name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Headers { get; }

    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var values) ? values[0] : null;

    /// <summary>Sends <c>POST url</c> with <c>Connection: Upgrade</c>, <c>Upgrade: SPDY/3.1</c>, one <c>X-Stream-Protocol-Version</c> per protocol and any <paramref name="extraHeaders"/>.</summary>
    public static Task<RawHttpUpgrade> SpdyAsync(string url, IEnumerable<string> protocols, CancellationToken cancellationToken, params (string Name, string Value)[] extraHeaders) =>
        SendAsync(url, [("Connection", "Upgrade"), ("Upgrade", "SPDY/3.1"), .. protocols.Select(p => ("X-Stream-Protocol-Version", p)), .. extraHeaders], cancellationToken);

    public static async Task<RawHttpUpgrade> SendAsync(string url, IEnumerable<(string Name, string Value)> headers, CancellationToken cancellationToken)
    {
        var uri = new Uri(url);
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(uri.Host, uri.Port, cancellationToken);
            var stream = tcp.GetStream();
            var request = new StringBuilder()
                .Append("POST ").Append(uri.PathAndQuery).Append(" HTTP/1.1\r\n")
                .Append("Host: ").Append(uri.Authority).Append("\r\n")
                .Append("Content-Length: 0\r\n");
            foreach (var (name, value) in headers)
            {
                request.Append(name).Append(": ").Append(value).Append("\r\n");
            }

            request.Append("\r\n");
            await stream.WriteAsync(Encoding.ASCII.GetBytes(request.ToString()), cancellationToken);
            var head = await ReadHeadAsync(stream, cancellationToken);
            var lines = head.Split("\r\n");
            var status = lines[0].Split(' ');
            if (status.Length < 2 || !status[0].StartsWith("HTTP/1.", StringComparison.Ordinal) || !int.TryParse(status[1], out var code))
            {
                throw new InvalidDataException($"not an HTTP response: \"{lines[0]}\"");
            }

            var parsed = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                var name = line[..colon].Trim().ToLowerInvariant();
                (parsed.TryGetValue(name, out var list) ? list : parsed[name] = []).Add(line[(colon + 1)..].Trim());
            }

            return new RawHttpUpgrade(tcp, stream, code, parsed.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value, StringComparer.Ordinal));
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>Reads what is left on the connection until the server closes it (a body, or nothing after garbage).</summary>
    public async Task<byte[]> ReadToEndAsync(CancellationToken cancellationToken)
    {
        using var all = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await Stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                all.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // A reset is a close too.
        }

        return all.ToArray();
    }

    public void Dispose() => Tcp.Dispose();

    private static async Task<string> ReadHeadAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || !(head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                throw new EndOfStreamException($"the server closed the connection during the response head: \"{Encoding.ASCII.GetString([.. head])}\"");
            }

            head.Add(one[0]);
            if (head.Count > MaxHeadBytes)
            {
                throw new InvalidDataException("response head too large");
            }
        }

        return Encoding.ASCII.GetString([.. head]);
    }
}
