namespace Crisp.IntegrationTests.Harness.Registry;

/// <summary>
/// Builds an image in memory: layers (bottom first), the config JSON (architecture, os, rootfs.diff_ids, config,
/// history) and the manifest. Start empty or <see cref="From"/> another image to add layers and settings on top.
/// <code>
/// var image = TestImageBuilder.From(TestImages.Busybox)
///     .AddLayer(l => l.File("/etc/motd", "hi\n"), LayerCompression.Zstd)
///     .WithEntrypoint("/bin/sh", "-c").WithCmd("cat /etc/motd")
///     .Build();
/// </code>
/// </summary>
public sealed class TestImageBuilder
{
    /// <summary>The "created" time of configs and history unless one is given (builds are reproducible).</summary>
    public static readonly DateTimeOffset DefaultCreated = LayerBuilder.DefaultModificationTime;

    private readonly List<TestLayer> _layers = [];
    private readonly List<HistoryEntry> _history = [];
    private readonly Dictionary<string, string> _annotations = new(StringComparer.Ordinal);
    private ImageConfig _config = new();
    private ImageFormat _format;
    private OciPlatform _platform = OciPlatform.Host;
    private DateTimeOffset _created = DefaultCreated;

    public TestImageBuilder(ImageFormat format = ImageFormat.Oci)
    {
        _format = format;
    }

    /// <summary>Starts from an image's layers, history, config settings, platform and format (not its annotations).</summary>
    public static TestImageBuilder From(TestImage baseImage)
    {
        var builder = new TestImageBuilder(baseImage.Format)
        {
            _config = baseImage.Config,
            _platform = baseImage.Platform,
            _created = baseImage.Created,
        };
        builder._layers.AddRange(baseImage.Layers);
        builder._history.AddRange(baseImage.History);
        return builder;
    }

    public TestImageBuilder WithFormat(ImageFormat format)
    {
        _format = format;
        return this;
    }

    public TestImageBuilder WithPlatform(OciPlatform platform)
    {
        _platform = platform;
        return this;
    }

    public TestImageBuilder WithCreated(DateTimeOffset created)
    {
        _created = created;
        return this;
    }

    /// <summary>Adds a built layer with a history entry.</summary>
    public TestImageBuilder AddLayer(TestLayer layer)
    {
        _layers.Add(layer);
        _history.Add(new HistoryEntry(layer.CreatedBy, _created));
        return this;
    }

    /// <summary>Builds and adds a layer.</summary>
    public TestImageBuilder AddLayer(Action<LayerBuilder> build, LayerCompression compression = LayerCompression.Gzip, string? createdBy = null)
    {
        var layer = new LayerBuilder();
        build(layer);
        return AddLayer(layer.Build(compression, createdBy));
    }

    /// <summary>A history entry for a config-only step ("empty_layer": true).</summary>
    public TestImageBuilder AddEmptyLayerHistory(string createdBy)
    {
        _history.Add(new HistoryEntry(createdBy, _created, EmptyLayer: true));
        return this;
    }

    /// <summary>Null removes the entrypoint.</summary>
    public TestImageBuilder WithEntrypoint(params string[]? entrypoint) => Configure(c => c with { Entrypoint = entrypoint });

    /// <summary>Null removes the command.</summary>
    public TestImageBuilder WithCmd(params string[]? cmd) => Configure(c => c with { Cmd = cmd });

    /// <summary>Replaces the environment ("NAME=value" entries).</summary>
    public TestImageBuilder WithEnv(params string[] env) => Configure(c => c with { Env = env });

    /// <summary>Adds or replaces one variable.</summary>
    public TestImageBuilder AddEnv(string name, string value) => Configure(c => c with
    {
        Env = [.. c.Env.Where(e => !e.StartsWith(name + "=", StringComparison.Ordinal)), $"{name}={value}"],
    });

    public TestImageBuilder WithWorkingDir(string? workingDir) => Configure(c => c with { WorkingDir = workingDir });

    /// <summary>"app", "1000", "1000:1000", "app:app".</summary>
    public TestImageBuilder WithUser(string? user) => Configure(c => c with { User = user });

    /// <summary>"SIGTERM", "SIGINT", "9".</summary>
    public TestImageBuilder WithStopSignal(string? signal) => Configure(c => c with { StopSignal = signal });

    /// <summary>"80/tcp", "53/udp".</summary>
    public TestImageBuilder WithExposedPort(string port) => Configure(c => c with { ExposedPorts = [.. c.ExposedPorts, port] });

    public TestImageBuilder WithVolume(string path) => Configure(c => c with { Volumes = [.. c.Volumes, path] });

    public TestImageBuilder WithLabel(string name, string value) =>
        Configure(c => c with { Labels = new Dictionary<string, string>(c.Labels) { [name] = value } });

    /// <summary>A manifest annotation (OCI only; Docker schema 2 manifests have none).</summary>
    public TestImageBuilder WithAnnotation(string name, string value)
    {
        _annotations[name] = value;
        return this;
    }

    public TestImageBuilder Configure(Func<ImageConfig, ImageConfig> change)
    {
        _config = change(_config);
        return this;
    }

    public TestImage Build()
    {
        if (_format == ImageFormat.Docker && _layers.Any(l => l.Compression == LayerCompression.Zstd))
        {
            throw new InvalidOperationException("Docker schema 2 has no zstd layer media type; use ImageFormat.Oci");
        }

        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        if (_format == ImageFormat.Oci)
        {
            annotations = new Dictionary<string, string>(_annotations, StringComparer.Ordinal);
            annotations.TryAdd("org.opencontainers.image.created", ImageJson.Timestamp(_created));
        }

        var layers = _layers.ToArray();
        var history = _history.ToArray();
        var config = new ContentBlob(MediaTypes.Config(_format),
            ImageJson.Config(_platform, _created, _config, layers.Select(l => l.DiffId).ToArray(), history));
        var manifest = new ContentBlob(MediaTypes.Manifest(_format), ImageJson.Manifest(_format, config.Descriptor,
            layers.Select(l => new Descriptor(l.MediaType(_format), l.Digest, l.Size)).ToArray(), annotations));
        return new TestImage(_format, _platform, _created, _config, layers, history, annotations, config, manifest);
    }
}
