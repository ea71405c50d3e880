using System.Text.Json.Serialization;
using Runtime.V1;

namespace Crisp.Core.Containers;

/// <summary>
/// A container as crisp keeps it (persisted as <c>&lt;root&gt;/containers/&lt;id&gt;/state.json</c>): what the kubelet
/// asked for, the image it runs, where its files are and what happened to it. Immutable: every change is a new record
/// saved to the store.
/// </summary>
public sealed record Container
{
    /// <summary>64 lower-case hex digits, random.</summary>
    public required string Id { get; init; }

    /// <summary><c>k8s_&lt;container&gt;_&lt;pod&gt;_&lt;namespace&gt;_&lt;uid&gt;_&lt;attempt&gt;</c>, reserved while the container exists.</summary>
    public required string Name { get; init; }

    public required string SandboxId { get; init; }

    /// <summary>The container's name in the pod (metadata.name).</summary>
    public required string MetadataName { get; init; }

    public uint Attempt { get; init; }

    /// <summary>The image as the request named it.</summary>
    public string Image { get; init; } = "";

    /// <summary>The stored image's id (64 hex digits).</summary>
    public string ImageId { get; init; } = "";

    /// <summary>The image's name for status: its first tag, or the request's name.</summary>
    public string ImageName { get; init; } = "";

    /// <summary>The image reference for status: a repo digest when the image has one, else its id.</summary>
    public string ImageRef { get; init; } = "";

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    public ContainerState State { get; init; }

    /// <summary>Nanoseconds since the Unix epoch; 0 = not yet.</summary>
    public long CreatedAt { get; init; }

    public long StartedAt { get; init; }

    public long FinishedAt { get; init; }

    public int ExitCode { get; init; }

    /// <summary>Why it exited: Completed, Error, OOMKilled (empty while it runs).</summary>
    public string Reason { get; init; } = "";

    public string Message { get; init; } = "";

    /// <summary>The init process while the container is created or running; 0 afterwards.</summary>
    public int Pid { get; init; }

    /// <summary>Frozen by <c>/pause/{id}</c> (<c>runc pause</c>); still running for the CRI, as CRI-O reports it.</summary>
    public bool Paused { get; init; }

    /// <summary>The CRI log file conmon writes.</summary>
    public string LogPath { get; init; } = "";

    /// <summary>The configured handler (<c>crio.runtime.runtimes.&lt;name&gt;</c>) the container runs with.</summary>
    public string OciHandler { get; init; } = "";

    /// <summary>The signal StopContainer sends first (the image's StopSignal, else SIGTERM).</summary>
    public int StopSignal { get; init; } = 15;

    public string BundleDirectory { get; init; } = "";

    public string RootfsPath { get; init; } = "";

    public bool Tty { get; init; }

    public bool Stdin { get; init; }

    public bool StdinOnce { get; init; }

    public bool Privileged { get; init; }

    /// <summary>The CreateContainer <c>ContainerConfig</c>, protobuf-encoded (resources as last updated).</summary>
    public byte[] Config { get; init; } = [];

    /// <summary>The CreateContainer request's configuration.</summary>
    public ContainerConfig ReadConfig() => Config.Length == 0 ? new ContainerConfig() : ContainerConfig.Parser.ParseFrom(Config);

    /// <summary>Still has a process: created (waiting to start) or running.</summary>
    [JsonIgnore]
    public bool IsLive => State is ContainerState.Created or ContainerState.Running;
}

/// <summary>A container's life: creating (not yet visible), created, running, exited.</summary>
public enum ContainerState
{
    Creating,
    Created,
    Running,
    Exited,
}
