using System.Buffers;
using Crisp.Linux.Zlib;

namespace Crisp.Cri.Streaming.Spdy;

/// <summary>
/// Encodes header blocks for one direction of one connection: a single zlib stream primed with the SPDY/3
/// dictionary, sync-flushed after each block. Not thread-safe: the connection serializes use, and sends
/// blocks in the order they were compressed.
/// </summary>
internal sealed class SpdyHeaderCompressor : IDisposable
{
    private readonly ZlibDeflater _deflater = new(SpdyDictionary.Bytes);
    private readonly ArrayBufferWriter<byte> _plain = new(256);

    /// <summary>Compresses <paramref name="headers"/>, appending the bytes to <paramref name="output"/>.</summary>
    public void Compress(SpdyHeaders headers, IBufferWriter<byte> output)
    {
        _plain.ResetWrittenCount();
        SpdyHeaderBlock.Write(headers, _plain);
        _deflater.CompressAndFlush(_plain.WrittenSpan, output);
    }

    public void Dispose() => _deflater.Dispose();
}
