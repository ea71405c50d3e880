namespace Crisp.Images.Registry;

/// <summary>The image manifest a tag or digest resolved to for one platform.</summary>
/// <param name="ReferenceDigest">
/// Digest of what the tag or digest pointed at: the index (manifest list) digest when it was one, else the manifest's.
/// This is the image's repo digest.
/// </param>
/// <param name="ManifestDigest">Digest of the image manifest actually used (equal to <paramref name="ReferenceDigest"/> for a single manifest).</param>
/// <param name="ManifestMediaType">The image manifest's media type (<see cref="MediaTypes.OciManifest"/> or <see cref="MediaTypes.DockerManifest"/>).</param>
/// <param name="ManifestBytes">The image manifest exactly as served (its sha256 is <paramref name="ManifestDigest"/>).</param>
/// <param name="Config">The image configuration blob.</param>
/// <param name="Layers">The layer blobs, base layer first.</param>
public sealed record ResolvedManifest(
    string ReferenceDigest,
    string ManifestDigest,
    string ManifestMediaType,
    byte[] ManifestBytes,
    Descriptor Config,
    IReadOnlyList<Descriptor> Layers);
