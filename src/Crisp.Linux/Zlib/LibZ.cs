using System.Runtime.InteropServices;

namespace Crisp.Linux.Zlib;

/// <summary>
/// Raw entry points of the system zlib (libz.so.1). .NET's own zlib has no preset-dictionary support,
/// which SPDY/3 header compression needs. Callers use <see cref="ZlibDeflater"/> and <see cref="ZlibInflater"/>.
/// </summary>
internal static unsafe partial class LibZ
{
    private const string Library = "libz.so.1";

    internal const int Ok = 0;
    internal const int StreamEnd = 1;
    internal const int NeedDict = 2;
    internal const int StreamError = -2;
    internal const int DataError = -3;
    internal const int MemError = -4;
    internal const int BufError = -5;

    internal const int SyncFlush = 2;
    internal const int Deflated = 8;
    internal const int DefaultStrategy = 0;
    internal const int MaxWindowBits = 15;
    internal const int DefaultMemLevel = 8;

    /// <summary>z_stream as laid out by zlib on Linux (uLong is the size of a pointer).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct ZStream
    {
        public byte* NextIn;
        public uint AvailIn;
        public nuint TotalIn;
        public byte* NextOut;
        public uint AvailOut;
        public nuint TotalOut;
        public byte* Msg;
        public void* State;
        public void* ZAlloc;
        public void* ZFree;
        public void* Opaque;
        public int DataType;
        public nuint Adler;
        public nuint Reserved;
    }

    [LibraryImport(Library, EntryPoint = "zlibVersion")]
    internal static partial byte* Version();

    [LibraryImport(Library, EntryPoint = "deflateInit2_")]
    internal static partial int DeflateInit2(ZStream* stream, int level, int method, int windowBits, int memLevel, int strategy, byte* version, int streamSize);

    [LibraryImport(Library, EntryPoint = "deflateSetDictionary")]
    internal static partial int DeflateSetDictionary(ZStream* stream, byte* dictionary, uint length);

    [LibraryImport(Library, EntryPoint = "deflate")]
    internal static partial int Deflate(ZStream* stream, int flush);

    [LibraryImport(Library, EntryPoint = "deflateEnd")]
    internal static partial int DeflateEnd(ZStream* stream);

    [LibraryImport(Library, EntryPoint = "inflateInit_")]
    internal static partial int InflateInit(ZStream* stream, byte* version, int streamSize);

    [LibraryImport(Library, EntryPoint = "inflateSetDictionary")]
    internal static partial int InflateSetDictionary(ZStream* stream, byte* dictionary, uint length);

    [LibraryImport(Library, EntryPoint = "inflate")]
    internal static partial int Inflate(ZStream* stream, int flush);

    [LibraryImport(Library, EntryPoint = "inflateEnd")]
    internal static partial int InflateEnd(ZStream* stream);

    /// <summary>zlib's message for the last error on a stream, or a generic one from the return code.</summary>
    internal static string Describe(ZStream* stream, int code)
    {
        var message = stream->Msg is null ? null : Marshal.PtrToStringUTF8((nint)stream->Msg);
        var name = code switch
        {
            StreamError => "Z_STREAM_ERROR",
            DataError => "Z_DATA_ERROR",
            MemError => "Z_MEM_ERROR",
            BufError => "Z_BUF_ERROR",
            NeedDict => "Z_NEED_DICT",
            _ => $"zlib error {code}",
        };
        return message is null ? name : $"{name}: {message}";
    }
}
