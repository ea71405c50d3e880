namespace Crisp.IntegrationTests.Harness.Registry;

/// <summary>
/// The runtime part of an image config ("config" in the JSON): what CreateContainer turns into the OCI spec.
/// Null and empty members are left out of the JSON.
/// </summary>
public sealed record ImageConfig
{
    public IReadOnlyList<string>? Entrypoint { get; init; }

    public IReadOnlyList<string>? Cmd { get; init; }

    public IReadOnlyList<string> Env { get; init; } = [];

    public string? WorkingDir { get; init; }

    public string? User { get; init; }

    public string? StopSignal { get; init; }

    /// <summary>"80/tcp", "53/udp".</summary>
    public IReadOnlyList<string> ExposedPorts { get; init; } = [];

    public IReadOnlyList<string> Volumes { get; init; } = [];

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}

/// <summary>One entry of the config's history.</summary>
public sealed record HistoryEntry(string CreatedBy, DateTimeOffset Created, bool EmptyLayer = false, string? Comment = null);

/// <summary>
/// A built image: layers, config blob and manifest blob, all in memory and ready to push. <see cref="Digest"/> is the
/// manifest digest (what a pull by digest names); <see cref="Id"/> is the config digest (what CRI calls the image id).
/// </summary>
public sealed class TestImage
{
    internal TestImage(ImageFormat format, OciPlatform platform, DateTimeOffset created, ImageConfig config,
        IReadOnlyList<TestLayer> layers, IReadOnlyList<HistoryEntry> history, IReadOnlyDictionary<string, string> annotations,
        ContentBlob configBlob, ContentBlob manifest)
    {
        Format = format;
        Platform = platform;
        Created = created;
        Config = config;
        Layers = layers;
        History = history;
        Annotations = annotations;
        ConfigBlob = configBlob;
        Manifest = manifest;
        LayerDescriptors = layers.Select(l => new Descriptor(l.MediaType(format), l.Digest, l.Size)).ToArray();
        Blobs = [.. layers.Select(l => new ContentBlob(l.MediaType(format), l.Blob)), configBlob];
    }

    public ImageFormat Format { get; }

    public OciPlatform Platform { get; }

    public DateTimeOffset Created { get; }

    public ImageConfig Config { get; }

    /// <summary>Bottom layer first.</summary>
    public IReadOnlyList<TestLayer> Layers { get; }

    public IReadOnlyList<HistoryEntry> History { get; }

    /// <summary>The manifest's annotations (OCI only).</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; }

    /// <summary>The config JSON blob.</summary>
    public ContentBlob ConfigBlob { get; }

    /// <summary>The manifest JSON.</summary>
    public ContentBlob Manifest { get; }

    /// <summary>The manifest's layer descriptors, with this image's format's media types.</summary>
    public IReadOnlyList<Descriptor> LayerDescriptors { get; }

    /// <summary>Every blob the manifest references: the layers, then the config.</summary>
    public IReadOnlyList<ContentBlob> Blobs { get; }

    /// <summary>The manifest digest.</summary>
    public string Digest => Manifest.Digest;

    /// <summary>The config digest (the image id).</summary>
    public string Id => ConfigBlob.Digest;

    public IReadOnlyList<string> DiffIds => Layers.Select(l => l.DiffId).ToArray();

    /// <summary>This image's entry in an index: the manifest descriptor with the platform.</summary>
    public Descriptor IndexEntry => Manifest.Descriptor with { Platform = Platform };

    public override string ToString() => $"{Format} image {Digest} ({Platform}, {Layers.Count} layers)";
}

/// <summary>An image index (OCI) or manifest list (Docker) over platform-specific images.</summary>
public sealed class TestImageIndex
{
    private TestImageIndex(ImageFormat format, IReadOnlyList<TestImage> images, IReadOnlyDictionary<string, string> annotations, ContentBlob index)
    {
        Format = format;
        Images = images;
        Annotations = annotations;
        Index = index;
    }

    public ImageFormat Format { get; }

    /// <summary>The images in index order.</summary>
    public IReadOnlyList<TestImage> Images { get; }

    public IReadOnlyDictionary<string, string> Annotations { get; }

    /// <summary>The index JSON.</summary>
    public ContentBlob Index { get; }

    /// <summary>The index digest.</summary>
    public string Digest => Index.Digest;

    /// <summary>The image for a platform (exact match, variant included).</summary>
    public TestImage For(OciPlatform platform) => Images.Single(i => i.Platform == platform);

    /// <summary>Builds an index over images of the same format; annotations are written for OCI only.</summary>
    public static TestImageIndex Create(IReadOnlyList<TestImage> images, IReadOnlyDictionary<string, string>? annotations = null)
    {
        if (images.Count == 0)
        {
            throw new ArgumentException("an index needs at least one image", nameof(images));
        }

        var format = images[0].Format;
        if (images.Any(i => i.Format != format))
        {
            throw new ArgumentException("every image of an index must have the same format", nameof(images));
        }

        annotations = format == ImageFormat.Oci ? annotations ?? new Dictionary<string, string>() : new Dictionary<string, string>();
        var json = ImageJson.Index(format, images.Select(i => i.IndexEntry).ToArray(), annotations);
        return new TestImageIndex(format, images, annotations, new ContentBlob(MediaTypes.Index(format), json));
    }

    public override string ToString() => $"{Format} index {Digest} ({string.Join(", ", Images.Select(i => i.Platform))})";
}
