namespace Crisp.Storage;

/// <summary>
/// A layer to unpack: how to open its blob, and what is known about it beforehand. With
/// <see cref="DiffId"/> (from the image config's rootfs.diff_ids) the chain ID is known before any
/// download, so an existing layer is reused without opening the blob and concurrent requests for the
/// same layer share one extraction.
/// </summary>
/// <param name="Open">Opens the blob stream (compressed or not); called at most once per extraction.</param>
public sealed record LayerBlob(Func<CancellationToken, Task<Stream>> Open)
{
    /// <summary>The expected diffID ("sha256:…"); verified against the uncompressed tar.</summary>
    public string? DiffId { get; init; }

    /// <summary>The expected blob digest from the manifest ("sha256:…" or "sha512:…"); verified over the stream.</summary>
    public string? CompressedDigest { get; init; }
}
