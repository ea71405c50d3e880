using Crisp.Oci.Spec.Images;
using Runtime.V1;

namespace Crisp.Oci.Spec;

/// <summary>Everything <see cref="ContainerSpecBuilder"/> turns into a container's config.json.</summary>
public sealed record ContainerSpecInput
{
    /// <summary>The CreateContainer request's container config.</summary>
    public required ContainerConfig Config { get; init; }

    /// <summary>The CreateContainer request's sandbox config.</summary>
    public required PodSandboxConfig SandboxConfig { get; init; }

    /// <summary>The image's configuration.</summary>
    public required ImageConfig Image { get; init; }

    /// <summary>The container's mounted root file system (passwd and group are read from it).</summary>
    public required string RootfsPath { get; init; }

    /// <summary>The new container's ID.</summary>
    public required string ContainerId { get; init; }

    /// <summary>The container's full name (k8s_…).</summary>
    public required string ContainerName { get; init; }

    /// <summary>The pod the container joins.</summary>
    public required PodSandboxFacts Sandbox { get; init; }

    /// <summary>The pod's runtime handler ("" = crio.conf's default_runtime).</summary>
    public string? RuntimeHandler { get; init; }

    /// <summary>PID namespace of the target container (/proc/PID/ns/pid), for PID mode TARGET.</summary>
    public string? TargetPidNamespacePath { get; init; }

    /// <summary>A host file bind-mounted at /dev/termination-log unless the kubelet mounts one there.</summary>
    public string? TerminationLogPath { get; init; }

    /// <summary>Resolved image name for annotations; null = the requested image.</summary>
    public string? ImageName { get; init; }

    /// <summary>Image ID for annotations.</summary>
    public string? ImageRef { get; init; }

    /// <summary>Container log file; null = sandbox log_directory joined with the container's log_path.</summary>
    public string? LogPath { get; init; }

    /// <summary>Creation time recorded in the annotations; null = now.</summary>
    public DateTimeOffset? Created { get; init; }
}
