namespace Crisp.Images.Registry;

/// <summary>How a layer blob is compressed, as its media type says.</summary>
public enum LayerCompression
{
    /// <summary>A plain tar archive.</summary>
    None,

    /// <summary>A gzip-compressed tar archive.</summary>
    Gzip,

    /// <summary>A zstd-compressed tar archive.</summary>
    Zstd,
}

/// <summary>The media types of the OCI image spec and Docker image manifest v2 schema 2 that crisp understands.</summary>
public static class MediaTypes
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    public const string OciLayer = "application/vnd.oci.image.layer.v1.tar";
    public const string OciLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string OciLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd";
    public const string OciForeignLayer = "application/vnd.oci.image.layer.nondistributable.v1.tar";
    public const string OciForeignLayerGzip = "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
    public const string OciForeignLayerZstd = "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd";

    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    public const string DockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public const string DockerForeignLayerGzip = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";

    public const string DockerSchema1Manifest = "application/vnd.docker.distribution.manifest.v1+json";
    public const string DockerSchema1SignedManifest = "application/vnd.docker.distribution.manifest.v1+prettyjws";

    /// <summary>The Accept header value of manifest requests: every manifest and index type crisp can use.</summary>
    internal static readonly string[] ManifestAccept = [OciIndex, OciManifest, DockerManifestList, DockerManifest];

    /// <summary>True for an image manifest (OCI or Docker schema 2).</summary>
    public static bool IsImageManifest(string? mediaType) => mediaType is OciManifest or DockerManifest;

    /// <summary>True for an index of manifests (OCI image index or Docker manifest list).</summary>
    public static bool IsIndex(string? mediaType) => mediaType is OciIndex or DockerManifestList;

    /// <summary>True for a Docker schema 1 manifest (unsigned or signed), which crisp does not support.</summary>
    public static bool IsSchema1(string? mediaType) => mediaType is DockerSchema1Manifest or DockerSchema1SignedManifest;

    /// <summary>True for an image configuration blob type.</summary>
    public static bool IsConfig(string? mediaType) => mediaType is OciConfig or DockerConfig;

    /// <summary>True for a layer that registries may not serve themselves (its descriptor's <c>urls</c> say where it is).</summary>
    public static bool IsForeignLayer(string? mediaType) =>
        mediaType is OciForeignLayer or OciForeignLayerGzip or OciForeignLayerZstd or DockerForeignLayerGzip;

    /// <summary>The compression of a supported layer media type, or null when crisp cannot unpack layers of that type.</summary>
    public static LayerCompression? GetLayerCompression(string? mediaType) => mediaType switch
    {
        OciLayer or OciForeignLayer => LayerCompression.None,
        OciLayerGzip or OciForeignLayerGzip or DockerLayerGzip or DockerForeignLayerGzip => LayerCompression.Gzip,
        OciLayerZstd or OciForeignLayerZstd => LayerCompression.Zstd,
        _ => null,
    };

    /// <summary>The media type part of a Content-Type value: parameters dropped, lower-cased, trimmed.</summary>
    internal static string? Normalize(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var type = (semicolon >= 0 ? contentType[..semicolon] : contentType).Trim();
        return type.Length == 0 ? null : type.ToLowerInvariant();
    }
}
