using System.IO.Compression;
using ZstdSharp;

namespace Crisp.Storage.IO;

/// <summary>Detects a layer blob's compression from its magic bytes and returns the uncompressed stream.</summary>
internal static class Decompression
{
    /// <summary>Sniffs the first bytes of <paramref name="blob"/>; the returned stream leaves <paramref name="blob"/> open.</summary>
    public static (LayerCompression Compression, Stream Uncompressed) Open(Stream blob)
    {
        var head = new byte[6];
        var n = 0;
        while (n < head.Length)
        {
            var read = blob.Read(head, n, head.Length - n);
            if (read == 0)
            {
                break;
            }

            n += read;
        }

        var prefix = head[..n];
        var replay = new PrefixedReadStream(prefix, blob);
        var compression = Detect(prefix);
        return compression switch
        {
            LayerCompression.Gzip => (compression, new GZipStream(replay, CompressionMode.Decompress, leaveOpen: true)),
            LayerCompression.Zstd => (compression, new DecompressionStream(replay, leaveOpen: true)),
            _ => (compression, replay),
        };
    }

    internal static LayerCompression Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]))
        {
            return LayerCompression.Gzip;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x28, 0xB5, 0x2F, 0xFD]))
        {
            return LayerCompression.Zstd;
        }

        if (head.StartsWith("BZh"u8))
        {
            throw new LayerFormatException("bzip2-compressed layers are not supported (OCI layers are uncompressed, gzip or zstd)");
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00]))
        {
            throw new LayerFormatException("xz-compressed layers are not supported (OCI layers are uncompressed, gzip or zstd)");
        }

        return LayerCompression.None;
    }
}
