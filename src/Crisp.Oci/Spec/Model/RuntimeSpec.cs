using System.Text.Json.Serialization;

namespace Crisp.Oci.Spec.Model;

/// <summary>An OCI runtime configuration (config.json), as runc reads it.</summary>
public sealed record RuntimeSpec
{
    /// <summary>The spec version runc 1.1 was built against; newer runtimes accept it too.</summary>
    public const string DefaultOciVersion = "1.0.2-dev";

    [JsonPropertyName("ociVersion")]
    public string OciVersion { get; init; } = DefaultOciVersion;

    public Process? Process { get; init; }

    public Root? Root { get; init; }

    public string? Hostname { get; init; }

    public string? Domainname { get; init; }

    public IReadOnlyList<Mount>? Mounts { get; init; }

    public Hooks? Hooks { get; init; }

    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    public LinuxSpec? Linux { get; init; }
}

/// <summary>The container's root file system.</summary>
public sealed record Root
{
    public required string Path { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Readonly { get; init; }
}

/// <summary>Lifecycle hooks.</summary>
public sealed record Hooks
{
    public IReadOnlyList<Hook>? Prestart { get; init; }

    public IReadOnlyList<Hook>? CreateRuntime { get; init; }

    public IReadOnlyList<Hook>? CreateContainer { get; init; }

    public IReadOnlyList<Hook>? StartContainer { get; init; }

    public IReadOnlyList<Hook>? Poststart { get; init; }

    public IReadOnlyList<Hook>? Poststop { get; init; }
}

/// <summary>One hook: a program run by the runtime.</summary>
public sealed record Hook
{
    public required string Path { get; init; }

    public IReadOnlyList<string>? Args { get; init; }

    public IReadOnlyList<string>? Env { get; init; }

    public int? Timeout { get; init; }
}
