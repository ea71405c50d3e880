using System.Text.Json.Serialization;
using Crisp.Oci.Spec.Model;

namespace Crisp.Oci.Spec.Seccomp;

/// <summary>
/// A seccomp profile file as Docker, containerd, CRI-O and the kubelet's Localhost profiles write it: the OCI
/// fields plus "archMap" and per-rule "includes"/"excludes" conditions, resolved for one container by
/// <see cref="SeccompProfileCompiler"/>. A plain OCI seccomp object is a valid profile too.
/// </summary>
internal sealed record SeccompProfile
{
    public string? DefaultAction { get; init; }

    public uint? DefaultErrnoRet { get; init; }

    public IReadOnlyList<string>? Architectures { get; init; }

    public IReadOnlyList<SeccompArchMap>? ArchMap { get; init; }

    public IReadOnlyList<string>? Flags { get; init; }

    public string? ListenerPath { get; init; }

    public string? ListenerMetadata { get; init; }

    public IReadOnlyList<SeccompRule>? Syscalls { get; init; }
}

/// <summary>A native architecture and the others its processes may use (x86_64 → x86, x32).</summary>
internal sealed record SeccompArchMap
{
    public required string Architecture { get; init; }

    public IReadOnlyList<string>? SubArchitectures { get; init; }
}

/// <summary>A rule that applies only when its conditions hold.</summary>
internal sealed record SeccompRule
{
    public string? Name { get; init; }

    public IReadOnlyList<string>? Names { get; init; }

    public required string Action { get; init; }

    public uint? ErrnoRet { get; init; }

    public IReadOnlyList<LinuxSeccompArg>? Args { get; init; }

    public string? Comment { get; init; }

    public SeccompCondition? Includes { get; init; }

    public SeccompCondition? Excludes { get; init; }
}

/// <summary>Conditions: every listed capability in the bounding set, the architecture in the list, kernel at least minKernel.</summary>
internal sealed record SeccompCondition
{
    public IReadOnlyList<string>? Caps { get; init; }

    public IReadOnlyList<string>? Arches { get; init; }

    public string? MinKernel { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true,
    AllowTrailingCommas = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
[JsonSerializable(typeof(SeccompProfile))]
internal sealed partial class SeccompProfileJsonContext : JsonSerializerContext
{
}
