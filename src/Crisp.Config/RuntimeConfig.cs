using System.Diagnostics.CodeAnalysis;

namespace Crisp.Config;

/// <summary>The <c>[crio.runtime]</c> table: how containers are created and monitored.</summary>
public sealed record RuntimeConfig
{
    /// <summary>Handler CRI-O falls back to when <c>default_runtime</c> is empty.</summary>
    public const string FallbackRuntime = "runc";

    /// <summary>CRI-O's minimum for <c>ctr_stop_timeout</c>, in seconds.</summary>
    public const long MinimumCtrStopTimeout = 30;

    /// <summary><c>default_runtime</c>: handler used when the kubelet names none.</summary>
    public string DefaultRuntime { get; init; } = FallbackRuntime;

    /// <summary><c>runtimes</c>: configured runtime handlers by name.</summary>
    public ValueMap<RuntimeHandler> Runtimes { get; init; } =
        ValueMap.Create((FallbackRuntime, CrispDefaults.CreateRuncHandler(systemd: true)));

    /// <summary><c>workloads</c>: annotation-activated workload settings by name.</summary>
    public ValueMap<WorkloadConfig> Workloads { get; init; } = ValueMap<WorkloadConfig>.Empty;

    /// <summary><c>no_pivot</c>: have the runtime use MS_MOVE instead of pivot_root.</summary>
    public bool NoPivot { get; init; }

    /// <summary><c>decryption_keys_path</c>: keys for encrypted images.</summary>
    public string DecryptionKeysPath { get; init; } = "/etc/crisp/keys/";

    /// <summary><c>conmon</c>: conmon binary ("" = found in PATH); overrides every OCI handler's monitor_path.</summary>
    public string Conmon { get; init; } = "";

    /// <summary><c>conmon_cgroup</c>: cgroup for conmon; overrides every OCI handler's monitor_cgroup when set.</summary>
    public string ConmonCgroup { get; init; } = "pod";

    /// <summary><c>conmon_env</c>: environment for conmon; overrides handlers' monitor_env when non-empty.</summary>
    public ValueList<string> ConmonEnv { get; init; } = ValueList<string>.Empty;

    /// <summary><c>default_env</c>: environment added to every container.</summary>
    public ValueList<string> DefaultEnv { get; init; } = ValueList<string>.Empty;

    /// <summary><c>selinux</c>: label pods with SELinux.</summary>
    public bool Selinux { get; init; }

    /// <summary><c>seccomp_profile</c>: default seccomp profile file ("" = built-in profile).</summary>
    public string SeccompProfile { get; init; } = "";

    /// <summary><c>seccomp_use_default_when_empty</c>: treat an unset profile as RuntimeDefault.</summary>
    public bool SeccompUseDefaultWhenEmpty { get; init; } = true;

    /// <summary><c>apparmor_profile</c>: default AppArmor profile name.</summary>
    public string ApparmorProfile { get; init; } = "crisp-default";

    /// <summary><c>blockio_config_file</c>: blockio class definitions ("" = off).</summary>
    public string BlockioConfigFile { get; init; } = "";

    /// <summary><c>irqbalance_config_file</c>: irqbalance configuration adjusted for exclusive CPUs.</summary>
    public string IrqbalanceConfigFile { get; init; } = "/etc/sysconfig/irqbalance";

    /// <summary><c>irqbalance_config_restore_file</c>: banned-CPU mask restored at start ("disable" = skip).</summary>
    public string IrqbalanceConfigRestoreFile { get; init; } = "/etc/sysconfig/orig_irq_banned_cpus";

    /// <summary><c>rdt_config_file</c>: Intel RDT class definitions ("" = off).</summary>
    public string RdtConfigFile { get; init; } = "";

    /// <summary><c>cgroup_manager</c>: "cgroupfs" or "systemd".</summary>
    public string CgroupManager { get; init; } = "systemd";

    /// <summary><c>separate_pull_cgroup</c>: cgroup for image pulls ("" = daemon's own, "pod" = the pod's).</summary>
    public string SeparatePullCgroup { get; init; } = "";

    /// <summary><c>default_capabilities</c>: capabilities given to every container (names without CAP_).</summary>
    public ValueList<string> DefaultCapabilities { get; init; } =
        ["CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "SETGID", "SETUID", "SETPCAP", "NET_BIND_SERVICE", "KILL"];

    /// <summary><c>add_inheritable_capabilities</c>: also put the capabilities in the inheritable set.</summary>
    public bool AddInheritableCapabilities { get; init; }

    /// <summary><c>default_sysctls</c>: "key=value" sysctls set in every container.</summary>
    public ValueList<string> DefaultSysctls { get; init; } = ValueList<string>.Empty;

    /// <summary><c>default_ulimits</c>: "name=soft:hard" rlimits set in every container.</summary>
    public ValueList<string> DefaultUlimits { get; init; } = ValueList<string>.Empty;

    /// <summary><c>allowed_devices</c>: host devices pods may request by annotation.</summary>
    public ValueList<string> AllowedDevices { get; init; } = ["/dev/fuse"];

    /// <summary><c>additional_devices</c>: "host:container:perms" devices added to every container.</summary>
    public ValueList<string> AdditionalDevices { get; init; } = ValueList<string>.Empty;

    /// <summary><c>cdi_spec_dirs</c>: directories scanned for CDI specs, later ones win.</summary>
    public ValueList<string> CdiSpecDirs { get; init; } = ["/etc/cdi", "/var/run/cdi"];

    /// <summary><c>device_ownership_from_security_context</c>: chown devices to the container's run-as user/group.</summary>
    public bool DeviceOwnershipFromSecurityContext { get; init; }

    /// <summary><c>hooks_dir</c>: OCI hook directories, later ones win.</summary>
    public ValueList<string> HooksDir { get; init; } = ["/usr/share/containers/oci/hooks.d"];

    /// <summary><c>default_mounts_file</c>: "/src:/dst" mounts added to every container ("" = none).</summary>
    public string DefaultMountsFile { get; init; } = "";

    /// <summary><c>pids_limit</c>: per-container process limit (&lt;= 0 = leave to the kubelet).</summary>
    public long PidsLimit { get; init; }

    /// <summary><c>log_size_max</c>: container log size cap in bytes (negative = unlimited, else &gt;= 8192).</summary>
    public long LogSizeMax { get; init; } = -1;

    /// <summary><c>log_to_journald</c>: also send container output to journald.</summary>
    public bool LogToJournald { get; init; }

    /// <summary><c>container_exits_dir</c>: where conmon writes exit-code files.</summary>
    public string ContainerExitsDir { get; init; } = "/run/crisp/exits";

    /// <summary><c>container_attach_socket_dir</c>: where conmon creates attach sockets.</summary>
    public string ContainerAttachSocketDir { get; init; } = "/run/crisp";

    /// <summary><c>bind_mount_prefix</c>: prefix added to bind-mount sources (daemon running in a container).</summary>
    public string BindMountPrefix { get; init; } = "";

    /// <summary><c>read_only</c>: run every container with a read-only root filesystem.</summary>
    public bool ReadOnly { get; init; }

    /// <summary><c>log_level</c>: daemon log verbosity.</summary>
    public string LogLevel { get; init; } = "info";

    /// <summary><c>log_filter</c>: regular expression selecting which daemon log lines are kept ("" = all).</summary>
    public string LogFilter { get; init; } = "";

    /// <summary><c>uid_mappings</c>: "container:host:size[,...]" user namespace UID ranges.</summary>
    public string UidMappings { get; init; } = "";

    /// <summary><c>gid_mappings</c>: "container:host:size[,...]" user namespace GID ranges.</summary>
    public string GidMappings { get; init; } = "";

    /// <summary><c>minimum_mappable_uid</c>: lowest host UID a non-root pod may map (-1 = no limit).</summary>
    public long MinimumMappableUid { get; init; } = -1;

    /// <summary><c>minimum_mappable_gid</c>: lowest host GID a non-root pod may map (-1 = no limit).</summary>
    public long MinimumMappableGid { get; init; } = -1;

    /// <summary><c>ctr_stop_timeout</c>: seconds to wait for a stopping container (raised to 30 if lower).</summary>
    public long CtrStopTimeout { get; init; } = MinimumCtrStopTimeout;

    /// <summary><c>drop_infra_ctr</c>: skip the pause container when the pod does not share a PID namespace.</summary>
    public bool DropInfraCtr { get; init; } = true;

    /// <summary><c>infra_ctr_cpuset</c>: CPUs infra containers run on ("" = all).</summary>
    public string InfraCtrCpuset { get; init; } = "";

    /// <summary><c>shared_cpuset</c>: CPUs guaranteed containers may share ("" = none).</summary>
    public string SharedCpuset { get; init; } = "";

    /// <summary><c>namespaces_dir</c>: where pinned pod namespaces are bind-mounted.</summary>
    public string NamespacesDir { get; init; } = "/run/crisp/ns";

    /// <summary><c>pinns_path</c>: namespace pinning helper ("" = found in PATH).</summary>
    public string PinnsPath { get; init; } = "";

    /// <summary><c>enable_criu_support</c>: allow checkpoint/restore (needs criu).</summary>
    public bool EnableCriuSupport { get; init; }

    /// <summary><c>enable_pod_events</c>: stream container events to the kubelet (evented PLEG).</summary>
    public bool EnablePodEvents { get; init; }

    /// <summary><c>absent_mount_sources_to_reject</c>: bind sources that must exist rather than be created.</summary>
    public ValueList<string> AbsentMountSourcesToReject { get; init; } = ValueList<string>.Empty;

    /// <summary><c>hostnetwork_disable_selinux</c>: no SELinux separation for host-network pods.</summary>
    public bool HostnetworkDisableSelinux { get; init; } = true;

    /// <summary><c>disable_hostport_mapping</c>: do not program hostPort mappings.</summary>
    public bool DisableHostportMapping { get; init; }

    /// <summary><c>timezone</c>: container timezone ("" = image default, "Local" = host's).</summary>
    public string Timezone { get; init; } = "";

    /// <summary>Maps a CRI runtime handler name to a configured handler name ("" or null = the default runtime).</summary>
    public string ResolveHandlerName(string? handler)
    {
        if (!string.IsNullOrEmpty(handler))
        {
            return handler;
        }

        return DefaultRuntime.Length == 0 ? FallbackRuntime : DefaultRuntime;
    }

    /// <summary>Looks up a handler by CRI name ("" or null = the default runtime).</summary>
    public bool TryGetHandler(string? handler, out string name, [NotNullWhen(true)] out RuntimeHandler? runtimeHandler)
    {
        name = ResolveHandlerName(handler);
        return Runtimes.TryGetValue(name, out runtimeHandler);
    }
}
