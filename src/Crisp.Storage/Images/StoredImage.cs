namespace Crisp.Storage.Images;

/// <summary>An image in the store: its config digest is its identity; names and digests are how people refer to it.</summary>
/// <param name="Id">The image ID: the hex of the config blob's sha256 (as CRI-O reports it).</param>
/// <param name="RepoTags">Fully qualified <c>registry/repository:tag</c> names pointing at it.</param>
/// <param name="RepoDigests">Fully qualified <c>registry/repository@sha256:…</c> names it was pulled by.</param>
/// <param name="Layers">Chain IDs of its layers, bottom first.</param>
/// <param name="ManifestDigest">Digest of the image manifest it was pulled with.</param>
/// <param name="Size">Bytes of its layers, uncompressed.</param>
/// <param name="CreatedAt">When it was added to this store.</param>
public sealed record StoredImage(
    string Id,
    IReadOnlyList<string> RepoTags,
    IReadOnlyList<string> RepoDigests,
    IReadOnlyList<string> Layers,
    string ManifestDigest,
    long Size,
    DateTimeOffset CreatedAt)
{
    /// <summary>The chain ID of the topmost layer, or null for an image without layers.</summary>
    public string? TopLayer => Layers.Count == 0 ? null : Layers[^1];
}
