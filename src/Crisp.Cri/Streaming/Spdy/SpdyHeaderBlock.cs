using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Crisp.Cri.Streaming.Spdy;

/// <summary>
/// The uncompressed SPDY/3 name/value block: a 32-bit pair count, then for each pair a 32-bit name length,
/// the name, a 32-bit value length and the value (several values joined by NUL). All numbers big-endian,
/// text UTF-8.
/// </summary>
internal static class SpdyHeaderBlock
{
    public static void Write(SpdyHeaders headers, IBufferWriter<byte> output)
    {
        WriteUInt32(output, (uint)headers.Count);
        foreach (var (name, values) in headers)
        {
            WriteString(output, name);
            WriteString(output, string.Join('\0', values));
        }
    }

    /// <summary>Parses a block; names are lower-cased and repeated names merged. Throws <see cref="SpdyProtocolException"/> when malformed.</summary>
    public static SpdyHeaders Read(ReadOnlySpan<byte> block)
    {
        if (block.Length < 4)
        {
            throw new SpdyProtocolException($"header block of {block.Length} bytes is too short for its pair count");
        }

        var count = BinaryPrimitives.ReadUInt32BigEndian(block);
        var rest = block[4..];
        if (count > (uint)(rest.Length / 8))
        {
            throw new SpdyProtocolException($"header block claims {count} pairs but has only {rest.Length} bytes for them");
        }

        var headers = new SpdyHeaders();
        for (var i = 0u; i < count; i++)
        {
            var name = ReadString(ref rest, "name");
            if (name.Length == 0)
            {
                throw new SpdyProtocolException("header block has an empty name");
            }

            var value = ReadString(ref rest, "value");
            if (name.Contains('\0', StringComparison.Ordinal))
            {
                throw new SpdyProtocolException("header name contains NUL");
            }

            foreach (var part in value.Split('\0'))
            {
                headers.Add(name, part);
            }
        }

        if (!rest.IsEmpty)
        {
            throw new SpdyProtocolException($"header block has {rest.Length} bytes after its last pair");
        }

        return headers;
    }

    private static string ReadString(ref ReadOnlySpan<byte> rest, string what)
    {
        if (rest.Length < 4)
        {
            throw new SpdyProtocolException($"header block ends inside a {what} length");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(rest);
        rest = rest[4..];
        if (length > (uint)rest.Length)
        {
            throw new SpdyProtocolException($"header {what} length {length} runs past the end of the block ({rest.Length} bytes left)");
        }

        var text = Encoding.UTF8.GetString(rest[..(int)length]);
        rest = rest[(int)length..];
        return text;
    }

    private static void WriteString(IBufferWriter<byte> output, string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        WriteUInt32(output, (uint)length);
        var span = output.GetSpan(length);
        Encoding.UTF8.GetBytes(text, span);
        output.Advance(length);
    }

    private static void WriteUInt32(IBufferWriter<byte> output, uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(output.GetSpan(4), value);
        output.Advance(4);
    }
}
