namespace Crisp.Oci.Spec.Model;

/// <summary>Linux-specific configuration.</summary>
public sealed record LinuxSpec
{
    public IReadOnlyList<IdMapping>? UidMappings { get; init; }

    public IReadOnlyList<IdMapping>? GidMappings { get; init; }

    public IReadOnlyDictionary<string, string>? Sysctl { get; init; }

    public LinuxResources? Resources { get; init; }

    public string? CgroupsPath { get; init; }

    public IReadOnlyList<LinuxNamespace>? Namespaces { get; init; }

    public IReadOnlyList<LinuxDevice>? Devices { get; init; }

    public LinuxSeccomp? Seccomp { get; init; }

    public string? RootfsPropagation { get; init; }

    public IReadOnlyList<string>? MaskedPaths { get; init; }

    public IReadOnlyList<string>? ReadonlyPaths { get; init; }

    public string? MountLabel { get; init; }

    public LinuxPersonality? Personality { get; init; }
}

/// <summary>A namespace to create (no path) or join (path).</summary>
public sealed record LinuxNamespace
{
    public required string Type { get; init; }

    public string? Path { get; init; }
}

/// <summary>A device node created in the container's /dev.</summary>
public sealed record LinuxDevice
{
    public required string Path { get; init; }

    /// <summary>"c", "b", "u" or "p".</summary>
    public required string Type { get; init; }

    public long Major { get; init; }

    public long Minor { get; init; }

    /// <summary>Permission bits only (e.g. 0666 = 438).</summary>
    public uint? FileMode { get; init; }

    public uint? Uid { get; init; }

    public uint? Gid { get; init; }
}

/// <summary>Execution domain (personality(2)).</summary>
public sealed record LinuxPersonality
{
    /// <summary>"LINUX" or "LINUX32".</summary>
    public required string Domain { get; init; }

    public IReadOnlyList<string>? Flags { get; init; }
}
