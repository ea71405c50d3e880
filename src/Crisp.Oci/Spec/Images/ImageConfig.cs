using System.Text.Json.Serialization;

namespace Crisp.Oci.Spec.Images;

/// <summary>
/// An OCI image configuration (application/vnd.oci.image.config.v1+json, also Docker's
/// application/vnd.docker.container.image.v1+json): the platform, the run-time defaults and the layer diff IDs.
/// </summary>
public sealed record ImageConfig
{
    /// <summary>RFC 3339 creation time, kept as text (images carry all sorts of precisions).</summary>
    [JsonPropertyName("created")]
    public string? Created { get; init; }

    [JsonPropertyName("author")]
    public string? Author { get; init; }

    [JsonPropertyName("architecture")]
    public string? Architecture { get; init; }

    [JsonPropertyName("variant")]
    public string? Variant { get; init; }

    [JsonPropertyName("os")]
    public string? Os { get; init; }

    [JsonPropertyName("os.version")]
    public string? OsVersion { get; init; }

    [JsonPropertyName("config")]
    public ImageRunConfig? Config { get; init; }

    [JsonPropertyName("rootfs")]
    public ImageRootfs? Rootfs { get; init; }

    [JsonPropertyName("history")]
    public IReadOnlyList<ImageHistory>? History { get; init; }

    /// <summary>The run-time defaults, or an empty set when the image has none.</summary>
    [JsonIgnore]
    public ImageRunConfig RunConfig => Config ?? ImageRunConfig.Empty;

    /// <summary>Parses an image configuration blob.</summary>
    /// <exception cref="FormatException">The blob is not an image configuration.</exception>
    public static ImageConfig Parse(ReadOnlySpan<byte> utf8Json) => ImageConfigJson.Parse(utf8Json);

    /// <inheritdoc cref="Parse(ReadOnlySpan{byte})"/>
    public static ImageConfig Parse(string json) => ImageConfigJson.Parse(json);

    /// <summary>Serialises back to JSON with the OCI names.</summary>
    public string ToJson() => ImageConfigJson.Serialize(this);
}

/// <summary>The "config" object: what a container of this image runs by default.</summary>
public sealed record ImageRunConfig
{
    /// <summary>A configuration with nothing set.</summary>
    public static ImageRunConfig Empty { get; } = new();

    /// <summary>"user", "uid", "user:group", "uid:gid", "user:gid" or "uid:group".</summary>
    [JsonPropertyName("User")]
    public string? User { get; init; }

    /// <summary>Keys are "port/protocol"; the values are always empty objects.</summary>
    [JsonPropertyName("ExposedPorts")]
    public IReadOnlyDictionary<string, EmptyObject>? ExposedPorts { get; init; }

    /// <summary>"KEY=value" entries.</summary>
    [JsonPropertyName("Env")]
    public IReadOnlyList<string>? Env { get; init; }

    [JsonPropertyName("Entrypoint")]
    public IReadOnlyList<string>? Entrypoint { get; init; }

    [JsonPropertyName("Cmd")]
    public IReadOnlyList<string>? Cmd { get; init; }

    /// <summary>Keys are container paths; the values are always empty objects.</summary>
    [JsonPropertyName("Volumes")]
    public IReadOnlyDictionary<string, EmptyObject>? Volumes { get; init; }

    [JsonPropertyName("WorkingDir")]
    public string? WorkingDir { get; init; }

    [JsonPropertyName("Labels")]
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Signal name ("SIGTERM") or number the image asks to be stopped with.</summary>
    [JsonPropertyName("StopSignal")]
    public string? StopSignal { get; init; }

    [JsonPropertyName("ArgsEscaped")]
    public bool? ArgsEscaped { get; init; }
}

/// <summary>The "rootfs" object: the uncompressed layer digests, bottom first.</summary>
public sealed record ImageRootfs
{
    [JsonPropertyName("type")]
    public string Type { get; init; } = "layers";

    [JsonPropertyName("diff_ids")]
    public IReadOnlyList<string>? DiffIds { get; init; }
}

/// <summary>One "history" entry.</summary>
public sealed record ImageHistory
{
    /// <summary>RFC 3339 creation time, kept as text (images carry all sorts of precisions).</summary>
    [JsonPropertyName("created")]
    public string? Created { get; init; }

    [JsonPropertyName("created_by")]
    public string? CreatedBy { get; init; }

    [JsonPropertyName("author")]
    public string? Author { get; init; }

    [JsonPropertyName("comment")]
    public string? Comment { get; init; }

    [JsonPropertyName("empty_layer")]
    public bool? EmptyLayer { get; init; }
}

/// <summary>The "{}" value of ExposedPorts and Volumes entries.</summary>
public sealed record EmptyObject
{
    public static EmptyObject Instance { get; } = new();
}
