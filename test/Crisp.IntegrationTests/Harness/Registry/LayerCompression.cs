using System.IO.Compression;
using ZstdSharp;

namespace Crisp.IntegrationTests.Harness.Registry;

/// <summary>How a layer's tar stream is compressed in its blob.</summary>
public enum LayerCompression
{
    None,
    Gzip,
    Zstd,
}

/// <summary>Compresses and decompresses layer blobs (gzip via <see cref="GZipStream"/>, zstd via ZstdSharp).</summary>
public static class LayerCompressions
{
    public static byte[] Compress(ReadOnlySpan<byte> tar, LayerCompression compression)
    {
        switch (compression)
        {
            case LayerCompression.None:
                return tar.ToArray();
            case LayerCompression.Gzip:
                using (var output = new MemoryStream())
                {
                    using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
                    {
                        gzip.Write(tar);
                    }

                    return output.ToArray();
                }

            case LayerCompression.Zstd:
                using (var compressor = new Compressor(3))
                {
                    return compressor.Wrap(tar).ToArray();
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(compression), compression, null);
        }
    }

    public static byte[] Decompress(ReadOnlySpan<byte> blob, LayerCompression compression)
    {
        switch (compression)
        {
            case LayerCompression.None:
                return blob.ToArray();
            case LayerCompression.Gzip:
                using (var input = new MemoryStream(blob.ToArray()))
                using (var gzip = new GZipStream(input, CompressionMode.Decompress))
                using (var output = new MemoryStream())
                {
                    gzip.CopyTo(output);
                    return output.ToArray();
                }

            case LayerCompression.Zstd:
                using (var decompressor = new Decompressor())
                {
                    return decompressor.Unwrap(blob).ToArray();
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(compression), compression, null);
        }
    }

    /// <summary>Decompresses a layer blob by the compression its media type names.</summary>
    public static byte[] Decompress(ReadOnlySpan<byte> blob, string layerMediaType) =>
        Decompress(blob, MediaTypes.CompressionOf(layerMediaType));
}
