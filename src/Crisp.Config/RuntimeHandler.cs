namespace Crisp.Config;

/// <summary>
/// One <c>[crio.runtime.runtimes.&lt;name&gt;]</c> table: an OCI runtime the kubelet can select by handler name.
/// A handler declared in a file starts from these empty values, as in CRI-O.
/// </summary>
public sealed record RuntimeHandler
{
    /// <summary>Runtime type used when <see cref="RuntimeType"/> is empty.</summary>
    public const string OciType = "oci";

    /// <summary><c>runtime_path</c>: runtime binary ("" = look the handler name up in PATH).</summary>
    public string RuntimePath { get; init; } = "";

    /// <summary><c>runtime_type</c>: "oci" (runc-like, monitored by conmon), "vm" or "pod"; "" means "oci".</summary>
    public string RuntimeType { get; init; } = "";

    /// <summary><c>runtime_root</c>: the runtime's state directory ("" = the runtime's own default).</summary>
    public string RuntimeRoot { get; init; } = "";

    /// <summary><c>runtime_config_path</c>: runtime configuration file, only for the "vm" type.</summary>
    public string RuntimeConfigPath { get; init; } = "";

    /// <summary><c>monitor_path</c>: container monitor (conmon) binary ("" = <c>conmon</c> setting or PATH).</summary>
    public string MonitorPath { get; init; } = "";

    /// <summary><c>monitor_cgroup</c>: cgroup for the monitor ("pod", a systemd slice, or "").</summary>
    public string MonitorCgroup { get; init; } = "";

    /// <summary><c>monitor_exec_cgroup</c>: "container" moves exec probes into the container's cgroup.</summary>
    public string MonitorExecCgroup { get; init; } = "";

    /// <summary><c>monitor_env</c>: environment for the monitor process.</summary>
    public ValueList<string> MonitorEnv { get; init; } = ValueList<string>.Empty;

    /// <summary><c>allowed_annotations</c>: experimental annotations this handler may act on.</summary>
    public ValueList<string> AllowedAnnotations { get; init; } = ValueList<string>.Empty;

    /// <summary><c>platform_runtime_paths</c>: "os/arch" → runtime binary overrides.</summary>
    public ValueMap<string> PlatformRuntimePaths { get; init; } = ValueMap<string>.Empty;

    /// <summary><c>privileged_without_host_devices</c>: do not pass host devices to privileged containers.</summary>
    public bool PrivilegedWithoutHostDevices { get; init; }

    /// <summary><c>runtime_pull_image</c>: the runtime pulls images itself.</summary>
    public bool RuntimePullImage { get; init; }

    /// <summary><c>container_min_memory</c>: smallest memory limit accepted, e.g. "12MiB" ("" = built-in default).</summary>
    public string ContainerMinMemory { get; init; } = "";

    /// <summary><c>no_sync_log</c>: skip fsync of container logs on rotation and exit.</summary>
    public bool NoSyncLog { get; init; }

    /// <summary><c>default_annotations</c>: annotations added to containers unless the pod sets them.</summary>
    public ValueMap<string> DefaultAnnotations { get; init; } = ValueMap<string>.Empty;

    /// <summary>The runtime type with CRI-O's fallback applied ("" → "oci").</summary>
    public string GetEffectiveRuntimeType() => RuntimeType.Length == 0 ? OciType : RuntimeType;

    /// <summary>True when this handler is an OCI runtime driven through conmon.</summary>
    public bool IsOci() => GetEffectiveRuntimeType() == OciType;
}
