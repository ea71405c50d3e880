namespace Crisp.Storage;

/// <summary>What applying one layer blob produced.</summary>
/// <param name="DiffId">sha256 of the uncompressed tar stream ("sha256:…"): the layer's diffID.</param>
/// <param name="UncompressedSize">Bytes in the uncompressed tar stream.</param>
/// <param name="CompressedDigest">Digest of the blob as read (same algorithm as the expected digest, sha256 by default).</param>
/// <param name="CompressedSize">Bytes read from the blob.</param>
/// <param name="Compression">The compression detected from the blob's magic bytes.</param>
/// <param name="ContentSize">Bytes of regular-file data written (each inode once).</param>
/// <param name="Inodes">Inodes created: files, directories, symlinks, devices, FIFOs and whiteouts (hard links excluded).</param>
/// <param name="Warnings">Entries applied with a caveat (an xattr the file system refused, a skipped trusted.overlay.* xattr).</param>
public sealed record LayerApplyResult(
    string DiffId,
    long UncompressedSize,
    string CompressedDigest,
    long CompressedSize,
    LayerCompression Compression,
    long ContentSize,
    long Inodes,
    IReadOnlyList<string> Warnings);
