using System.Text.Json.Serialization;

namespace Crisp.Oci.Spec.Model;

/// <summary>The container process.</summary>
public sealed record Process
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Terminal { get; init; }

    public ConsoleSize? ConsoleSize { get; init; }

    public User User { get; init; } = new();

    public IReadOnlyList<string>? Args { get; init; }

    public IReadOnlyList<string>? Env { get; init; }

    public string Cwd { get; init; } = "/";

    public ProcessCapabilities? Capabilities { get; init; }

    public IReadOnlyList<PosixRlimit>? Rlimits { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool NoNewPrivileges { get; init; }

    public string? ApparmorProfile { get; init; }

    public int? OomScoreAdj { get; init; }

    public string? SelinuxLabel { get; init; }
}

/// <summary>Terminal size in characters.</summary>
public sealed record ConsoleSize
{
    public uint Height { get; init; }

    public uint Width { get; init; }
}

/// <summary>Who the process runs as.</summary>
public sealed record User
{
    public uint Uid { get; init; }

    public uint Gid { get; init; }

    public uint? Umask { get; init; }

    public IReadOnlyList<uint>? AdditionalGids { get; init; }
}

/// <summary>The five capability sets, each a list of CAP_XXX names.</summary>
public sealed record ProcessCapabilities
{
    public IReadOnlyList<string>? Bounding { get; init; }

    public IReadOnlyList<string>? Effective { get; init; }

    public IReadOnlyList<string>? Inheritable { get; init; }

    public IReadOnlyList<string>? Permitted { get; init; }

    public IReadOnlyList<string>? Ambient { get; init; }
}

/// <summary>A resource limit (RLIMIT_XXX).</summary>
public sealed record PosixRlimit
{
    public required string Type { get; init; }

    public ulong Hard { get; init; }

    public ulong Soft { get; init; }
}
