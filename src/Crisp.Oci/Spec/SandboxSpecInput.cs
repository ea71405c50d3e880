using Crisp.Oci.Spec.Images;
using Runtime.V1;

namespace Crisp.Oci.Spec;

/// <summary>Everything <see cref="SandboxSpecBuilder"/> turns into the infra (pause) container's config.json.</summary>
public sealed record SandboxSpecInput
{
    /// <summary>The RunPodSandbox request's config.</summary>
    public required PodSandboxConfig Config { get; init; }

    /// <summary>The sandbox ID (also the infra container's ID).</summary>
    public required string SandboxId { get; init; }

    /// <summary>The sandbox's full name (k8s_POD_…).</summary>
    public required string SandboxName { get; init; }

    /// <summary>The pause image's mounted root file system.</summary>
    public required string RootfsPath { get; init; }

    /// <summary>The pause image's configuration (its Entrypoint/Cmd are used when pause_command is empty).</summary>
    public ImageConfig? PauseImage { get; init; }

    /// <summary>The pause image name for annotations; null = crio.conf's pause_image.</summary>
    public string? PauseImageName { get; init; }

    /// <summary>The pod's hostname; null = the config's.</summary>
    public string? Hostname { get; init; }

    /// <summary>Network namespace; null = host when the pod asks for the host network, else new.</summary>
    public NamespaceTarget? Network { get; init; }

    /// <summary>IPC namespace; null = host when the pod asks for host IPC, else new.</summary>
    public NamespaceTarget? Ipc { get; init; }

    /// <summary>UTS namespace; null = new.</summary>
    public NamespaceTarget? Uts { get; init; }

    /// <summary>PID namespace; null = host when the pod asks for host PID, else new (the pod's PID namespace).</summary>
    public NamespaceTarget? Pid { get; init; }

    /// <summary>The pod's /dev/shm tmpfs; null = a private tmpfs.</summary>
    public string? ShmPath { get; init; }

    /// <summary>The pod's resolv.conf.</summary>
    public string? ResolvConfPath { get; init; }

    /// <summary>The pod's hostname file.</summary>
    public string? HostnamePath { get; init; }

    /// <summary>The infra container's log file; null = log_directory/ID.log when the config has a log directory.</summary>
    public string? LogPath { get; init; }

    /// <summary>The runtime handler ("" = default).</summary>
    public string? RuntimeHandler { get; init; }

    /// <summary>Creation time for the annotations; null = now.</summary>
    public DateTimeOffset? Created { get; init; }
}
