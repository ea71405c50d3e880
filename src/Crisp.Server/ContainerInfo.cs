using System.Text.Json.Serialization;
using Crisp.Core.Containers;
using Crisp.Core.Sandboxes;

namespace Crisp.Server;

/// <summary>The body of <c>GET /containers/{id}</c>, with CRI-O's key names plus the state and the requested mounts.</summary>
internal sealed record ContainerInfo(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("pid")] int Pid,
    [property: JsonPropertyName("image")] string Image,
    [property: JsonPropertyName("image_ref")] string ImageRef,
    [property: JsonPropertyName("created_time")] long CreatedTime,
    [property: JsonPropertyName("labels")] IReadOnlyDictionary<string, string> Labels,
    [property: JsonPropertyName("annotations")] IReadOnlyDictionary<string, string> Annotations,
    [property: JsonPropertyName("log_path")] string LogPath,
    [property: JsonPropertyName("root")] string Root,
    [property: JsonPropertyName("sandbox")] string Sandbox,
    [property: JsonPropertyName("ip_addresses")] IReadOnlyList<string> IpAddresses,
    [property: JsonPropertyName("mounts")] IReadOnlyList<ContainerInfoMount> Mounts)
{
    public static ContainerInfo From(Container container, Sandbox? sandbox) => new(
        container.Id,
        container.Name,
        container.Paused ? "paused" : container.State.ToString().ToLowerInvariant(),
        container.Pid,
        container.ImageName,
        container.ImageRef,
        container.CreatedAt,
        container.Labels,
        container.Annotations,
        container.LogPath,
        container.RootfsPath,
        container.SandboxId,
        sandbox?.PodIps ?? [],
        [.. container.ReadConfig().Mounts.Select(m => new ContainerInfoMount(m.ContainerPath, m.HostPath, m.Readonly))]);
}

/// <summary>A CRI mount of the container.</summary>
internal sealed record ContainerInfoMount(
    [property: JsonPropertyName("container_path")] string ContainerPath,
    [property: JsonPropertyName("host_path")] string HostPath,
    [property: JsonPropertyName("readonly")] bool ReadOnly);
