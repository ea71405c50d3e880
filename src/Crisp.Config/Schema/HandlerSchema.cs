namespace Crisp.Config.Schema;

/// <summary>Keys of a <c>[crio.runtime.runtimes.&lt;name&gt;]</c> table.</summary>
internal static class HandlerSchema
{
    public static TableSpec<RuntimeHandler> Table { get; } = new(
    [
        Key.Text<RuntimeHandler>("runtime_path", "Runtime binary; empty looks the handler name up in PATH.",
            c => c.RuntimePath, (c, v) => c with { RuntimePath = v }),
        Key.Text<RuntimeHandler>("runtime_type", "\"oci\" (driven through conmon), \"vm\" or \"pod\"; empty means \"oci\".",
            c => c.RuntimeType, (c, v) => c with { RuntimeType = v }),
        Key.Text<RuntimeHandler>("runtime_root", "The runtime's state directory.",
            c => c.RuntimeRoot, (c, v) => c with { RuntimeRoot = v }),
        Key.Text<RuntimeHandler>("runtime_config_path", "Runtime configuration file; only for the \"vm\" type.",
            c => c.RuntimeConfigPath, (c, v) => c with { RuntimeConfigPath = v }),
        Key.Text<RuntimeHandler>("monitor_path", "Container monitor (conmon) for this handler; empty searches PATH.",
            c => c.MonitorPath, (c, v) => c with { MonitorPath = v }),
        Key.Text<RuntimeHandler>("monitor_cgroup", "Cgroup of the monitor process.",
            c => c.MonitorCgroup, (c, v) => c with { MonitorCgroup = v }),
        Key.Text<RuntimeHandler>("monitor_exec_cgroup", "\"container\" runs exec probes in the container's cgroup.",
            c => c.MonitorExecCgroup, (c, v) => c with { MonitorExecCgroup = v }),
        Key.List<RuntimeHandler>("monitor_env", "Environment of the monitor process.",
            c => c.MonitorEnv, (c, v) => c with { MonitorEnv = v }),
        Key.List<RuntimeHandler>("allowed_annotations", "Experimental annotations this handler acts on.",
            c => c.AllowedAnnotations, (c, v) => c with { AllowedAnnotations = v }),
        Key.Flag<RuntimeHandler>("privileged_without_host_devices", "Keep host devices out of privileged containers.",
            c => c.PrivilegedWithoutHostDevices, (c, v) => c with { PrivilegedWithoutHostDevices = v }),
        Key.Map<RuntimeHandler>("platform_runtime_paths", "Runtime binary per \"os/arch\" platform.",
            c => c.PlatformRuntimePaths, (c, v) => c with { PlatformRuntimePaths = v }),
        Key.Flag<RuntimeHandler>("runtime_pull_image", "The runtime pulls images by itself.",
            c => c.RuntimePullImage, (c, v) => c with { RuntimePullImage = v }),
        Key.Text<RuntimeHandler>("container_min_memory", "Smallest memory limit accepted, e.g. \"12MiB\"; empty uses the built-in minimum.",
            c => c.ContainerMinMemory, (c, v) => c with { ContainerMinMemory = v }),
        Key.Flag<RuntimeHandler>("no_sync_log", "Skip fsync of logs on rotation and exit (faster, may lose data on a crash).",
            c => c.NoSyncLog, (c, v) => c with { NoSyncLog = v }),
        Key.Map<RuntimeHandler>("default_annotations", "Annotations added to containers unless the pod sets them.",
            c => c.DefaultAnnotations, (c, v) => c with { DefaultAnnotations = v }),
    ],
    Unsupported.Newer("inherit_default_runtime", "stream_websockets", "exec_cpu_affinity", "seccomp_profile", "container_create_timeout"));
}
