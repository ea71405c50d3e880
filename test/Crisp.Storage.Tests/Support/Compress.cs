using System.IO.Compression;
using ZstdSharp;

namespace Crisp.Storage.Tests.Support;

internal static class Compress
{
    public static byte[] Gzip(byte[] data)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    public static byte[] Zstd(byte[] data)
    {
        var output = new MemoryStream();
        using (var zstd = new CompressionStream(output, level: 3, leaveOpen: true))
        {
            zstd.Write(data);
        }

        return output.ToArray();
    }
}
