namespace Crisp.Storage;

/// <summary>An unpacked layer in the store.</summary>
/// <param name="Id">The on-disk name: the chain ID's hex digits.</param>
/// <param name="ChainId">The OCI chain ID ("sha256:…") the layer is addressed by.</param>
/// <param name="DiffId">sha256 of the layer's uncompressed tar.</param>
/// <param name="ParentChainId">The layer below, or null for a base layer.</param>
/// <param name="DiffDirectory">The unpacked content (an overlayfs lower directory).</param>
/// <param name="CompressedDigest">Digest of the blob it was unpacked from.</param>
/// <param name="CompressedSize">Size of that blob.</param>
/// <param name="Compression">The blob's compression.</param>
/// <param name="UncompressedSize">Size of the uncompressed tar.</param>
/// <param name="ContentSize">Bytes of regular-file data in the layer.</param>
/// <param name="Inodes">Inodes the layer uses.</param>
/// <param name="CreatedAt">When the layer was unpacked.</param>
public sealed record Layer(
    string Id,
    string ChainId,
    string DiffId,
    string? ParentChainId,
    string DiffDirectory,
    string CompressedDigest,
    long CompressedSize,
    LayerCompression Compression,
    long UncompressedSize,
    long ContentSize,
    long Inodes,
    DateTimeOffset CreatedAt);
