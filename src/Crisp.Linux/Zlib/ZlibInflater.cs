using System.Buffers;

namespace Crisp.Linux.Zlib;

/// <summary>
/// One zlib (RFC 1950) decompression stream fed block by block (each block sync-flushed by the sender);
/// the preset dictionary is applied when the stream asks for it. Not thread-safe: callers serialize use.
/// </summary>
public sealed unsafe class ZlibInflater : IDisposable
{
    private readonly ZStreamHandle _handle;
    private readonly byte[] _dictionary;
    private bool _ended;

    /// <summary>Starts a stream; <paramref name="dictionary"/> is what the sender primed its compressor with (may be empty).</summary>
    public ZlibInflater(ReadOnlySpan<byte> dictionary)
    {
        _dictionary = dictionary.ToArray();
        _handle = ZStreamHandle.CreateInflate();
    }

    /// <summary>
    /// Decompresses all of <paramref name="input"/>, appending the output to <paramref name="output"/>, and
    /// returns how many bytes that was. Throws <see cref="ZlibException"/> when the data is corrupt, asks for
    /// another dictionary, or would decompress to more than <paramref name="maxOutput"/> bytes; the stream
    /// is unusable after that.
    /// </summary>
    public int Decompress(ReadOnlySpan<byte> input, IBufferWriter<byte> output, int maxOutput)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegative(maxOutput);
        if (_ended && !input.IsEmpty)
        {
            throw new ZlibException("inflate: data after the end of the zlib stream");
        }

        var added = false;
        _handle.DangerousAddRef(ref added);
        try
        {
            return DecompressCore(_handle.Stream, input, output, maxOutput);
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

    private int DecompressCore(LibZ.ZStream* stream, ReadOnlySpan<byte> input, IBufferWriter<byte> output, int maxOutput)
    {
        var total = 0;
        fixed (byte* inputPointer = input)
        {
            stream->NextIn = inputPointer;
            stream->AvailIn = (uint)input.Length;
            try
            {
                while (true)
                {
                    // Ask for at most one byte more than allowed, so going over the limit is seen without inflating further.
                    var room = Math.Min(16 * 1024, maxOutput - total + 1);
                    var span = output.GetSpan(room)[..room];
                    int code;
                    uint left;
                    fixed (byte* outputPointer = span)
                    {
                        stream->NextOut = outputPointer;
                        stream->AvailOut = (uint)span.Length;
                        code = LibZ.Inflate(stream, LibZ.SyncFlush);
                        left = stream->AvailOut;
                        stream->NextOut = null;
                    }

                    var produced = span.Length - (int)left;
                    total += produced;
                    if (total > maxOutput)
                    {
                        throw new ZlibException($"inflate: the data decompresses to more than {maxOutput} bytes");
                    }

                    output.Advance(produced);
                    switch (code)
                    {
                        case LibZ.NeedDict:
                            SetDictionary(stream);
                            continue;
                        case LibZ.StreamEnd:
                            _ended = true;
                            if (stream->AvailIn != 0)
                            {
                                throw new ZlibException("inflate: data after the end of the zlib stream");
                            }

                            return total;
                        case LibZ.Ok:
                        case LibZ.BufError:
                            if (stream->AvailIn == 0 && left != 0)
                            {
                                return total;
                            }

                            if (code == LibZ.BufError && left != 0)
                            {
                                throw new ZlibException("inflate: no progress possible");
                            }

                            continue;
                        default:
                            throw new ZlibException($"inflate: {LibZ.Describe(stream, code)}");
                    }
                }
            }
            finally
            {
                stream->NextIn = null;
                stream->AvailIn = 0;
            }
        }
    }

    private void SetDictionary(LibZ.ZStream* stream)
    {
        if (_dictionary.Length == 0)
        {
            throw new ZlibException("inflate: the data needs a preset dictionary and none was given");
        }

        int code;
        fixed (byte* dictionary = _dictionary)
        {
            code = LibZ.InflateSetDictionary(stream, dictionary, (uint)_dictionary.Length);
        }

        if (code != LibZ.Ok)
        {
            throw new ZlibException($"inflateSetDictionary: {LibZ.Describe(stream, code)} (the data was compressed with another dictionary)");
        }
    }
}
