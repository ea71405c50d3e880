using System.Buffers.Binary;
using System.Text;

namespace Crisp.Cri.Streaming.Spdy;

/// <summary>
/// The fixed zlib dictionary of SPDY/3 header compression (1,423 bytes, Adler-32 0xe3c6a7c2): common header
/// names and values, each with a 32-bit big-endian length in front, then a run of bare status lines,
/// dates and media types.
/// </summary>
internal static class SpdyDictionary
{
    private static readonly string[] _prefixedWords =
    [
        "options", "head", "post", "put", "delete", "trace", "accept", "accept-charset", "accept-encoding",
        "accept-language", "accept-ranges", "age", "allow", "authorization", "cache-control", "connection",
        "content-base", "content-encoding", "content-language", "content-length", "content-location",
        "content-md5", "content-range", "content-type", "date", "etag", "expect", "expires", "from", "host",
        "if-match", "if-modified-since", "if-none-match", "if-range", "if-unmodified-since", "last-modified",
        "location", "max-forwards", "pragma", "proxy-authenticate", "proxy-authorization", "range", "referer",
        "retry-after", "server", "te", "trailer", "transfer-encoding", "upgrade", "user-agent", "vary", "via",
        "warning", "www-authenticate", "method", "get", "status", "200 OK", "version", "HTTP/1.1", "url",
        "public", "set-cookie", "keep-alive", "origin",
    ];

    private const string Tail =
        "100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505" +
        "203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request" +
        "401 Unauthorized403 Forbidden404 Not Found500 Internal Server Error501 Not Implemented" +
        "503 Service Unavailable" +
        "Jan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMT" +
        "chunked,text/html,image/png,image/jpg,image/gif,application/xml,application/xhtml+xml,text/plain," +
        "text/javascript,publicprivatemax-age=gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0.";

    private static readonly byte[] _bytes = Build();

    /// <summary>The dictionary bytes.</summary>
    public static ReadOnlySpan<byte> Bytes => _bytes;

    private static byte[] Build()
    {
        var result = new List<byte>(1423);
        Span<byte> length = stackalloc byte[4];
        foreach (var word in _prefixedWords)
        {
            BinaryPrimitives.WriteUInt32BigEndian(length, (uint)word.Length);
            result.AddRange(length);
            result.AddRange(Encoding.ASCII.GetBytes(word));
        }

        result.AddRange(Encoding.ASCII.GetBytes(Tail));
        return [.. result];
    }
}
