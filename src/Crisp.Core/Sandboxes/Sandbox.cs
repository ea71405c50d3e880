using System.Text.Json.Serialization;
using Runtime.V1;

namespace Crisp.Core.Sandboxes;

/// <summary>
/// A pod sandbox as crisp keeps it (persisted as <c>&lt;root&gt;/sandboxes/&lt;id&gt;/state.json</c>): what the kubelet
/// asked for, and everything a container joining the pod needs — pinned namespaces, cgroup parent, the pod's
/// hostname/resolv.conf/hosts files, its /dev/shm, its log directory and the infra container, when one runs.
/// Immutable: every change is a new record saved to the store.
/// </summary>
public sealed record Sandbox
{
    /// <summary>64 lower-case hex digits, random; also the infra container's id.</summary>
    public required string Id { get; init; }

    /// <summary><c>k8s_&lt;name&gt;_&lt;namespace&gt;_&lt;uid&gt;_&lt;attempt&gt;</c>, reserved while the sandbox exists.</summary>
    public required string Name { get; init; }

    public required SandboxMetadata Metadata { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>Creation time in nanoseconds since the Unix epoch.</summary>
    public long CreatedAt { get; init; }

    public SandboxState State { get; init; }

    /// <summary>Set once StopPodSandbox finished: nothing runs and the network is detached.</summary>
    public bool Stopped { get; init; }

    /// <summary>The runtime handler as the kubelet named it ("" = the default).</summary>
    public string RuntimeHandler { get; init; } = "";

    /// <summary>The configured handler (<c>crio.runtime.runtimes.&lt;name&gt;</c>) the pod runs with.</summary>
    public string OciHandler { get; init; } = "";

    /// <summary>The kubelet's log directory for the pod ("" when none was given).</summary>
    public string LogDirectory { get; init; } = "";

    public string Hostname { get; init; } = "";

    public SandboxDnsConfig? Dns { get; init; }

    public IReadOnlyList<SandboxPortMapping> PortMappings { get; init; } = [];

    public SandboxNamespaceOptions NamespaceOptions { get; init; } = new();

    /// <summary>The pinned network namespace; null for a host-network pod.</summary>
    public string? NetworkNamespacePath { get; init; }

    /// <summary>The pinned IPC namespace; null for a host-IPC pod.</summary>
    public string? IpcNamespacePath { get; init; }

    /// <summary>The pinned UTS namespace (every pod has one, as in CRI-O).</summary>
    public string? UtsNamespacePath { get; init; }

    /// <summary>The pod's addresses, the primary first; empty for host-network and stopped pods.</summary>
    public IReadOnlyList<string> PodIps { get; init; } = [];

    /// <summary>The kubelet's <c>linux.cgroup_parent</c> ("" = none): containers' cgroups go below it.</summary>
    public string CgroupParent { get; init; } = "";

    /// <summary>The pod's own files (<c>&lt;runroot&gt;/sandboxes/&lt;id&gt;</c>).</summary>
    public string UserdataDirectory { get; init; } = "";

    public string? HostnamePath { get; init; }

    public string? ResolvConfPath { get; init; }

    public string? HostsPath { get; init; }

    /// <summary>The pod's /dev/shm: a tmpfs crisp mounted, or the host's /dev/shm for a host-IPC pod.</summary>
    public string? ShmPath { get; init; }

    /// <summary>The infra (pause) container's id when one runs (it equals <see cref="Id"/>); null otherwise.</summary>
    public string? InfraContainerId { get; init; }

    /// <summary>The infra container's init pid while it runs; 0 otherwise.</summary>
    public int InfraPid { get; init; }

    /// <summary>The pause image's id (for image-in-use checks).</summary>
    public string? InfraImageId { get; init; }

    /// <summary>The pause image as configured when the pod started.</summary>
    public string? InfraImageName { get; init; }

    /// <summary>The infra container's log file.</summary>
    public string? InfraLogPath { get; init; }

    public bool Privileged { get; init; }

    public bool HostNetwork { get; init; }

    public bool HostIpc { get; init; }

    /// <summary>The RunPodSandbox <c>PodSandboxConfig</c>, protobuf-encoded, for containers that need more of it.</summary>
    public byte[] Config { get; init; } = [];

    /// <summary>The PID namespace of the infra container, which containers with PID mode POD join.</summary>
    [JsonIgnore]
    public string? PidNamespacePath => InfraPid > 0 ? $"/proc/{InfraPid}/ns/pid" : null;

    /// <summary>The RunPodSandbox request's configuration.</summary>
    public PodSandboxConfig ReadConfig() => Config.Length == 0 ? new PodSandboxConfig() : PodSandboxConfig.Parser.ParseFrom(Config);
}
