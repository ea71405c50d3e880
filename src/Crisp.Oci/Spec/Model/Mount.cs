using System.Text.Json.Serialization;

namespace Crisp.Oci.Spec.Model;

/// <summary>A mount made in the container's mount namespace, in list order.</summary>
public sealed record Mount
{
    public required string Destination { get; init; }

    public string? Type { get; init; }

    public string? Source { get; init; }

    public IReadOnlyList<string>? Options { get; init; }

    public IReadOnlyList<IdMapping>? UidMappings { get; init; }

    public IReadOnlyList<IdMapping>? GidMappings { get; init; }
}

/// <summary>A user namespace ID range.</summary>
public sealed record IdMapping
{
    [JsonPropertyName("containerID")]
    public uint ContainerId { get; init; }

    [JsonPropertyName("hostID")]
    public uint HostId { get; init; }

    public uint Size { get; init; }
}
