using System.Buffers;
using Crisp.Linux.Zlib;

namespace Crisp.Cri.Streaming.Spdy;

/// <summary>
/// Decodes header blocks for one direction of one connection: the single zlib stream the peer compresses
/// with, primed with the SPDY/3 dictionary. Every block must be decoded, in order, even for streams that
/// are refused, or the stream state goes out of step with the peer's. Not thread-safe.
/// </summary>
internal sealed class SpdyHeaderDecompressor : IDisposable
{
    private readonly ZlibInflater _inflater = new(SpdyDictionary.Bytes);
    private readonly ArrayBufferWriter<byte> _plain = new(256);
    private readonly int _maxBlockSize;

    /// <param name="maxBlockSize">The largest decompressed block accepted.</param>
    public SpdyHeaderDecompressor(int maxBlockSize)
    {
        _maxBlockSize = maxBlockSize;
    }

    /// <summary>Decompresses and parses one block. Throws <see cref="SpdyProtocolException"/> for zlib errors, oversize or malformed blocks.</summary>
    public SpdyHeaders Decompress(ReadOnlySpan<byte> compressed)
    {
        _plain.ResetWrittenCount();
        try
        {
            _inflater.Decompress(compressed, _plain, _maxBlockSize);
        }
        catch (ZlibException e)
        {
            throw new SpdyProtocolException($"header block does not decompress: {e.Message}");
        }

        return SpdyHeaderBlock.Read(_plain.WrittenSpan);
    }

    public void Dispose() => _inflater.Dispose();
}
