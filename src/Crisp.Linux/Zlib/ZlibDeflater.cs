using System.Buffers;

namespace Crisp.Linux.Zlib;

/// <summary>
/// One zlib (RFC 1950) compression stream that lives as long as its owner and is sync-flushed after each
/// block, so the peer can decompress every block as it arrives while the dictionary (history) carries over.
/// Not thread-safe: callers serialize use.
/// </summary>
public sealed unsafe class ZlibDeflater : IDisposable
{
    private readonly ZStreamHandle _handle;

    /// <summary>Starts a stream at <paramref name="level"/> (0-9), primed with a preset dictionary when one is given.</summary>
    public ZlibDeflater(ReadOnlySpan<byte> dictionary, int level = 9)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(level, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 9);
        _handle = ZStreamHandle.CreateDeflate(level, dictionary);
    }

    /// <summary>Compresses <paramref name="input"/> and sync-flushes (Z_SYNC_FLUSH), appending every output byte to <paramref name="output"/>.</summary>
    public void CompressAndFlush(ReadOnlySpan<byte> input, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var added = false;
        _handle.DangerousAddRef(ref added);
        try
        {
            var stream = _handle.Stream;
            fixed (byte* inputPointer = input)
            {
                stream->NextIn = inputPointer;
                stream->AvailIn = (uint)input.Length;
                while (true)
                {
                    var span = output.GetSpan(Math.Max(64, (input.Length / 2) + 64));
                    int code;
                    uint left;
                    fixed (byte* outputPointer = span)
                    {
                        stream->NextOut = outputPointer;
                        stream->AvailOut = (uint)span.Length;
                        code = LibZ.Deflate(stream, LibZ.SyncFlush);
                        left = stream->AvailOut;
                        stream->NextOut = null;
                    }

                    output.Advance(span.Length - (int)left);
                    if (code != LibZ.Ok && code != LibZ.BufError)
                    {
                        throw new ZlibException($"deflate: {LibZ.Describe(stream, code)}");
                    }

                    // A flush is complete once deflate leaves room in the output buffer.
                    if (left != 0 && stream->AvailIn == 0)
                    {
                        break;
                    }
                }

                stream->NextIn = null;
            }
        }
        finally
        {
            if (added)
            {
                _handle.DangerousRelease();
            }
        }
    }

    /// <summary>Ends the zlib stream and frees its memory.</summary>
    public void Dispose() => _handle.Dispose();
}
