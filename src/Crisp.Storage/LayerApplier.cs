using System.Security.Cryptography;
using Crisp.Linux;
using Crisp.Storage.Apply;
using Crisp.Storage.IO;
using Crisp.Storage.Tar;
using ZstdSharp;

namespace Crisp.Storage;

/// <summary>What the caller knows about a blob before applying it.</summary>
/// <param name="ExpectedDigest">The blob's digest from the manifest; verified over every byte read.</param>
/// <param name="ExpectedDiffId">The layer's diffID from the image config; verified over the uncompressed tar.</param>
internal sealed record LayerApplyOptions(string? ExpectedDigest = null, string? ExpectedDiffId = null);

/// <summary>
/// Applies one OCI/Docker layer blob (tar, tar+gzip or tar+zstd, detected by magic bytes) into a
/// directory in overlayfs format, computing the diffID and sizes in the same single pass.
/// </summary>
internal static class LayerApplier
{
    /// <summary>
    /// Applies <paramref name="blob"/> into <paramref name="targetDirectory"/> (which should be empty).
    /// On failure the directory holds a partial layer: callers extract into a staging directory and
    /// discard it, as <see cref="LayerStore"/> does.
    /// </summary>
    public static LayerApplyResult Apply(Stream blob, string targetDirectory, LayerApplyOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LayerApplyOptions();
        var algorithm = HashAlgorithmName.SHA256;
        if (options.ExpectedDigest is { } expected && !LayerDigests.TryParse(expected, out algorithm, out _))
        {
            throw new ArgumentException($"'{expected}' is not a sha256 or sha512 digest", nameof(options));
        }

        if (options.ExpectedDiffId is { } diffId)
        {
            LayerDigests.Validate(diffId);
        }

        using var compressed = new HashingReadStream(blob, algorithm, leaveOpen: true);
        using var root = FileSystemCalls.OpenDirectory(targetDirectory);
        var writer = new LayerTreeWriter(root);
        LayerCompression compression;
        string diffIdActual;
        long uncompressedSize;
        try
        {
            (compression, var uncompressedStream) = Decompression.Open(compressed);
            using var uncompressed = new HashingReadStream(uncompressedStream, HashAlgorithmName.SHA256, leaveOpen: false);
            var reader = new TarStreamReader(uncompressed);
            try
            {
                while (reader.Next() is { } entry)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    writer.Apply(entry, reader);
                }

                writer.Finish();

                // The diffID covers the whole stream, including what follows the end-of-archive blocks.
                uncompressed.DrainToEnd();
            }
            catch (InvalidDataException e)
            {
                throw new LayerFormatException($"corrupt {compression} data: {e.Message}", innerException: e);
            }
            catch (ZstdException e)
            {
                throw new LayerFormatException($"corrupt zstd data: {e.Message}", innerException: e);
            }
            catch (EndOfStreamException e)
            {
                throw new LayerFormatException($"truncated {compression} data: {e.Message}", innerException: e);
            }

            compressed.DrainToEnd();
            diffIdActual = uncompressed.Digest;
            uncompressedSize = uncompressed.BytesRead;
        }
        catch (LayerFormatException e) when (options.ExpectedDigest is not null)
        {
            // A corrupt download usually shows up as a format error first; report the real cause.
            // (Local I/O failures such as ENOSPC are not re-checked: they say nothing about the blob.)
            var actual = TryDigestRest(compressed);
            if (actual is not null && actual != options.ExpectedDigest)
            {
                throw new LayerDigestMismatchException("layer blob digest", options.ExpectedDigest, actual, e);
            }

            throw;
        }

        if (options.ExpectedDigest is not null && compressed.Digest != options.ExpectedDigest)
        {
            throw new LayerDigestMismatchException("layer blob digest", options.ExpectedDigest, compressed.Digest);
        }

        if (options.ExpectedDiffId is not null && diffIdActual != options.ExpectedDiffId)
        {
            throw new LayerDigestMismatchException("layer diffID", options.ExpectedDiffId, diffIdActual);
        }

        return new LayerApplyResult(
            DiffId: diffIdActual,
            UncompressedSize: uncompressedSize,
            CompressedDigest: compressed.Digest,
            CompressedSize: compressed.BytesRead,
            Compression: compression,
            ContentSize: writer.ContentSize,
            Inodes: writer.Inodes,
            Warnings: writer.Warnings);
    }

    private static string? TryDigestRest(HashingReadStream compressed)
    {
        try
        {
            compressed.DrainToEnd();
            return compressed.Digest;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
