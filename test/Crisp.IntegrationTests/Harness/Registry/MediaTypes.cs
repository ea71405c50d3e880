namespace Crisp.IntegrationTests.Harness.Registry;

/// <summary>The OCI and Docker schema 2 media types the test images use.</summary>
public static class MediaTypes
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    public const string OciLayer = "application/vnd.oci.image.layer.v1.tar";
    public const string OciLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string OciLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd";

    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    public const string DockerLayer = "application/vnd.docker.image.rootfs.diff.tar";
    public const string DockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    /// <summary>
    /// An Accept header value for manifest GETs that names every manifest type. docker-registry 2.8 answers a GET
    /// for an OCI manifest or index with 404 MANIFEST_UNKNOWN when the Accept header does not list its type.
    /// </summary>
    public const string AnyManifest = OciManifest + ", " + OciIndex + ", " + DockerManifest + ", " + DockerManifestList;

    public static string Manifest(ImageFormat format) => format == ImageFormat.Oci ? OciManifest : DockerManifest;

    public static string Index(ImageFormat format) => format == ImageFormat.Oci ? OciIndex : DockerManifestList;

    public static string Config(ImageFormat format) => format == ImageFormat.Oci ? OciConfig : DockerConfig;

    /// <summary>The layer media type for a format and compression (Docker schema 2 has no zstd type).</summary>
    public static string Layer(ImageFormat format, LayerCompression compression) => (format, compression) switch
    {
        (ImageFormat.Oci, LayerCompression.None) => OciLayer,
        (ImageFormat.Oci, LayerCompression.Gzip) => OciLayerGzip,
        (ImageFormat.Oci, LayerCompression.Zstd) => OciLayerZstd,
        (ImageFormat.Docker, LayerCompression.None) => DockerLayer,
        (ImageFormat.Docker, LayerCompression.Gzip) => DockerLayerGzip,
        _ => throw new ArgumentException($"no {format} media type for a {compression} layer"),
    };

    /// <summary>The compression a layer media type implies.</summary>
    public static LayerCompression CompressionOf(string layerMediaType) => layerMediaType switch
    {
        OciLayer or DockerLayer => LayerCompression.None,
        OciLayerGzip or DockerLayerGzip => LayerCompression.Gzip,
        OciLayerZstd => LayerCompression.Zstd,
        _ => throw new ArgumentException($"not a layer media type: {layerMediaType}"),
    };
}

/// <summary>Which manifest family an image is written in.</summary>
public enum ImageFormat
{
    /// <summary>OCI image manifest, config and index.</summary>
    Oci,

    /// <summary>Docker image manifest v2 schema 2 and manifest list.</summary>
    Docker,
}
