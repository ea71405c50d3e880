using System.Runtime.InteropServices;

namespace Crisp.Linux.Zlib;

/// <summary>Owns a z_stream in native memory (zlib keeps a pointer to it, so it must not move) and ends it.</summary>
internal sealed unsafe class ZStreamHandle : SafeHandle
{
    private readonly bool _deflate;

    private ZStreamHandle(bool deflate)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        _deflate = deflate;
        SetHandle((nint)NativeMemory.AllocZeroed((nuint)sizeof(LibZ.ZStream)));
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>The z_stream; valid while the handle is not released (callers hold a reference).</summary>
    public LibZ.ZStream* Stream => (LibZ.ZStream*)handle;

    /// <summary>A deflate stream (zlib format, 32 KiB window) primed with a preset dictionary.</summary>
    public static ZStreamHandle CreateDeflate(int level, ReadOnlySpan<byte> dictionary)
    {
        var result = new ZStreamHandle(deflate: true);
        var stream = result.Stream;
        var code = LibZ.DeflateInit2(stream, level, LibZ.Deflated, LibZ.MaxWindowBits, LibZ.DefaultMemLevel, LibZ.DefaultStrategy, LibZ.Version(), sizeof(LibZ.ZStream));
        if (code != LibZ.Ok)
        {
            var message = $"deflateInit2: {LibZ.Describe(stream, code)}";
            NativeMemory.Free(stream);
            result.SetHandleAsInvalid();
            throw new ZlibException(message);
        }

        if (!dictionary.IsEmpty)
        {
            fixed (byte* dict = dictionary)
            {
                code = LibZ.DeflateSetDictionary(stream, dict, (uint)dictionary.Length);
            }

            if (code != LibZ.Ok)
            {
                result.Dispose();
                throw new ZlibException($"deflateSetDictionary: error {code}");
            }
        }

        return result;
    }

    /// <summary>An inflate stream (zlib format); a preset dictionary is supplied when the data asks for one.</summary>
    public static ZStreamHandle CreateInflate()
    {
        var result = new ZStreamHandle(deflate: false);
        var stream = result.Stream;
        var code = LibZ.InflateInit(stream, LibZ.Version(), sizeof(LibZ.ZStream));
        if (code != LibZ.Ok)
        {
            var message = $"inflateInit: {LibZ.Describe(stream, code)}";
            NativeMemory.Free(stream);
            result.SetHandleAsInvalid();
            throw new ZlibException(message);
        }

        return result;
    }

    protected override bool ReleaseHandle()
    {
        var stream = (LibZ.ZStream*)handle;
        _ = _deflate ? LibZ.DeflateEnd(stream) : LibZ.InflateEnd(stream);
        NativeMemory.Free(stream);
        return true;
    }
}
