namespace Crisp.Oci.Spec;

/// <summary>What the daemon knows about the pod a container joins: its ID, pinned namespaces and pod-level files.</summary>
public sealed record PodSandboxFacts
{
    /// <summary>The pod sandbox ID.</summary>
    public required string Id { get; init; }

    /// <summary>The sandbox's full name (k8s_POD_…); "" when unknown.</summary>
    public string Name { get; init; } = "";

    /// <summary>The pod's hostname; null = the sandbox config's hostname.</summary>
    public string? Hostname { get; init; }

    /// <summary>Pinned network namespace to join; null = the host's.</summary>
    public string? NetworkNamespacePath { get; init; }

    /// <summary>Pinned IPC namespace to join; null = the host's.</summary>
    public string? IpcNamespacePath { get; init; }

    /// <summary>Pinned UTS namespace to join; null = the host's (no hostname is set then).</summary>
    public string? UtsNamespacePath { get; init; }

    /// <summary>PID namespace of the infra container (/proc/PID/ns/pid), for containers with PID mode POD.</summary>
    public string? PidNamespacePath { get; init; }

    /// <summary>The pod cgroup parent; null = the sandbox config's cgroup_parent.</summary>
    public string? CgroupParent { get; init; }

    /// <summary>The pod's hostname file, bind-mounted at /etc/hostname.</summary>
    public string? HostnamePath { get; init; }

    /// <summary>The pod's resolv.conf, bind-mounted at /etc/resolv.conf.</summary>
    public string? ResolvConfPath { get; init; }

    /// <summary>The pod's hosts file, bind-mounted at /etc/hosts unless the kubelet mounts one.</summary>
    public string? HostsPath { get; init; }

    /// <summary>The pod's /dev/shm tmpfs, bind-mounted at /dev/shm; null = a private tmpfs.</summary>
    public string? ShmPath { get; init; }

    /// <summary>The pod may run privileged containers; null = the sandbox config says.</summary>
    public bool? Privileged { get; init; }

    /// <summary>The pod uses the host network; null = the sandbox config says.</summary>
    public bool? HostNetwork { get; init; }
}
