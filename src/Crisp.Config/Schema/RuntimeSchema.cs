using Crisp.Config.Toml;

namespace Crisp.Config.Schema;

/// <summary>Keys of the <c>[crio.runtime]</c> table; handlers and workloads are its sub-tables.</summary>
internal static class RuntimeSchema
{
    public static TableSpec<RuntimeConfig> Table { get; } = new(
    [
        Key.Text<RuntimeConfig>("default_runtime", "Runtime handler used when the kubelet does not ask for one.",
            c => c.DefaultRuntime, (c, v) => c with { DefaultRuntime = v }),
        Key.List<RuntimeConfig>("default_ulimits", "Resource limits for every container, as \"name=soft:hard\".",
            c => c.DefaultUlimits, (c, v) => c with { DefaultUlimits = v }),
        Key.Flag<RuntimeConfig>("no_pivot", "Make the runtime use MS_MOVE rather than pivot_root.",
            c => c.NoPivot, (c, v) => c with { NoPivot = v }),
        Key.Text<RuntimeConfig>("decryption_keys_path", "Directory of keys for encrypted images.",
            c => c.DecryptionKeysPath, (c, v) => c with { DecryptionKeysPath = v }),
        Key.Text<RuntimeConfig>("conmon", "conmon binary; empty searches PATH. Overrides monitor_path of OCI handlers.",
            c => c.Conmon, (c, v) => c with { Conmon = v }),
        Key.Text<RuntimeConfig>("conmon_cgroup", "Cgroup conmon runs in: \"pod\" or, with systemd, a slice.",
            c => c.ConmonCgroup, (c, v) => c with { ConmonCgroup = v }),
        Key.List<RuntimeConfig>("conmon_env", "Environment for conmon; when set it replaces the handlers' monitor_env.",
            c => c.ConmonEnv, (c, v) => c with { ConmonEnv = v }),
        Key.List<RuntimeConfig>("default_env", "Environment variables added to every container.",
            c => c.DefaultEnv, (c, v) => c with { DefaultEnv = v }),
        Key.Flag<RuntimeConfig>("selinux", "Separate pods with SELinux labels.",
            c => c.Selinux, (c, v) => c with { Selinux = v }),
        Key.Text<RuntimeConfig>("seccomp_profile", "Seccomp profile file used as the default; empty uses the built-in one.",
            c => c.SeccompProfile, (c, v) => c with { SeccompProfile = v }),
        Key.Flag<RuntimeConfig>("seccomp_use_default_when_empty", "Apply the default seccomp profile when a container asks for none.",
            c => c.SeccompUseDefaultWhenEmpty, (c, v) => c with { SeccompUseDefaultWhenEmpty = v }),
        Key.Text<RuntimeConfig>("apparmor_profile", "AppArmor profile applied by default.",
            c => c.ApparmorProfile, (c, v) => c with { ApparmorProfile = v }),
        Key.Text<RuntimeConfig>("blockio_config_file", "Block I/O class definitions; empty disables blockio classes.",
            c => c.BlockioConfigFile, (c, v) => c with { BlockioConfigFile = v }),
        Key.Text<RuntimeConfig>("irqbalance_config_file", "irqbalance configuration updated for CPUs given to exclusive pods.",
            c => c.IrqbalanceConfigFile, (c, v) => c with { IrqbalanceConfigFile = v }),
        Key.Text<RuntimeConfig>("rdt_config_file", "Intel RDT class definitions; empty disables RDT.",
            c => c.RdtConfigFile, (c, v) => c with { RdtConfigFile = v }),
        Key.Text<RuntimeConfig>("cgroup_manager", "Cgroup driver: \"cgroupfs\" or \"systemd\"; must match the kubelet.",
            c => c.CgroupManager, (c, v) => c with { CgroupManager = v }),
        Key.Text<RuntimeConfig>("separate_pull_cgroup", "Cgroup image pulls run in; empty keeps the daemon's, \"pod\" uses the pod's.",
            c => c.SeparatePullCgroup, (c, v) => c with { SeparatePullCgroup = v }),
        Key.List<RuntimeConfig>("default_capabilities", "Capabilities every container gets.",
            c => c.DefaultCapabilities, (c, v) => c with { DefaultCapabilities = v }),
        Key.Flag<RuntimeConfig>("add_inheritable_capabilities", "Also put the default capabilities in the inheritable set.",
            c => c.AddInheritableCapabilities, (c, v) => c with { AddInheritableCapabilities = v }),
        Key.List<RuntimeConfig>("default_sysctls", "Sysctls set in every container, as \"key=value\".",
            c => c.DefaultSysctls, (c, v) => c with { DefaultSysctls = v }),
        Key.List<RuntimeConfig>("allowed_devices", "Host devices a pod may request through the devices annotation.",
            c => c.AllowedDevices, (c, v) => c with { AllowedDevices = v }),
        Key.List<RuntimeConfig>("additional_devices", "Devices added to every container, as \"host:container:permissions\".",
            c => c.AdditionalDevices, (c, v) => c with { AdditionalDevices = v }),
        Key.List<RuntimeConfig>("cdi_spec_dirs", "Directories scanned for CDI device specs; later ones take precedence.",
            c => c.CdiSpecDirs, (c, v) => c with { CdiSpecDirs = v }),
        Key.Flag<RuntimeConfig>("device_ownership_from_security_context", "Give devices the container's run-as user and group.",
            c => c.DeviceOwnershipFromSecurityContext, (c, v) => c with { DeviceOwnershipFromSecurityContext = v }),
        Key.List<RuntimeConfig>("hooks_dir", "OCI hook directories; later ones take precedence.",
            c => c.HooksDir, (c, v) => c with { HooksDir = v }),
        Key.Text<RuntimeConfig>("default_mounts_file", "File of \"/src:/dst\" mounts added to every container; empty for none.",
            c => c.DefaultMountsFile, (c, v) => c with { DefaultMountsFile = v }),
        Key.Int64<RuntimeConfig>("pids_limit", "Process limit per container; 0 or less leaves it to the kubelet.",
            c => c.PidsLimit, (c, v) => c with { PidsLimit = v }),
        Key.Int64<RuntimeConfig>("log_size_max", "Container log size cap in bytes; negative is unlimited, otherwise at least 8192.",
            c => c.LogSizeMax, (c, v) => c with { LogSizeMax = v }),
        Key.Flag<RuntimeConfig>("log_to_journald", "Also send container output to journald.",
            c => c.LogToJournald, (c, v) => c with { LogToJournald = v }),
        Key.Text<RuntimeConfig>("container_exits_dir", "Directory where conmon writes container exit codes.",
            c => c.ContainerExitsDir, (c, v) => c with { ContainerExitsDir = v }),
        Key.Text<RuntimeConfig>("container_attach_socket_dir", "Directory for container attach sockets.",
            c => c.ContainerAttachSocketDir, (c, v) => c with { ContainerAttachSocketDir = v }),
        Key.Text<RuntimeConfig>("bind_mount_prefix", "Prefix added to bind-mount sources, for a daemon that runs in a container.",
            c => c.BindMountPrefix, (c, v) => c with { BindMountPrefix = v }),
        Key.Flag<RuntimeConfig>("read_only", "Run all containers with a read-only root filesystem.",
            c => c.ReadOnly, (c, v) => c with { ReadOnly = v }),
        Key.Text<RuntimeConfig>("log_level", "Daemon log level: trace, debug, info, warn, error, fatal or panic.",
            c => c.LogLevel, (c, v) => c with { LogLevel = v }),
        Key.Text<RuntimeConfig>("log_filter", "Regular expression; only matching daemon log lines are kept.",
            c => c.LogFilter, (c, v) => c with { LogFilter = v }),
        Key.Text<RuntimeConfig>("uid_mappings", "User namespace UID ranges, as \"container:host:size\" separated by commas.",
            c => c.UidMappings, (c, v) => c with { UidMappings = v }),
        Key.Text<RuntimeConfig>("gid_mappings", "User namespace GID ranges, as \"container:host:size\" separated by commas.",
            c => c.GidMappings, (c, v) => c with { GidMappings = v }),
        Key.Int64<RuntimeConfig>("minimum_mappable_uid", "Lowest host UID a non-root pod may map; -1 for no limit.",
            c => c.MinimumMappableUid, (c, v) => c with { MinimumMappableUid = v }),
        Key.Int64<RuntimeConfig>("minimum_mappable_gid", "Lowest host GID a non-root pod may map; -1 for no limit.",
            c => c.MinimumMappableGid, (c, v) => c with { MinimumMappableGid = v }),
        Key.Int64<RuntimeConfig>("ctr_stop_timeout", "Seconds to wait for a container to stop; values under 30 count as 30.",
            c => c.CtrStopTimeout, (c, v) => c with { CtrStopTimeout = v }),
        Key.Flag<RuntimeConfig>("drop_infra_ctr", "Skip the pause container for pods that do not share a PID namespace.",
            c => c.DropInfraCtr, (c, v) => c with { DropInfraCtr = v }),
        Key.Text<RuntimeConfig>("irqbalance_config_restore_file", "Banned-CPU mask restored at start-up; \"disable\" skips it.",
            c => c.IrqbalanceConfigRestoreFile, (c, v) => c with { IrqbalanceConfigRestoreFile = v }),
        Key.Text<RuntimeConfig>("infra_ctr_cpuset", "CPUs infra containers run on, in Linux CPU-list form; empty means all.",
            c => c.InfraCtrCpuset, (c, v) => c with { InfraCtrCpuset = v }),
        Key.Text<RuntimeConfig>("shared_cpuset", "CPUs guaranteed containers may share, in Linux CPU-list form.",
            c => c.SharedCpuset, (c, v) => c with { SharedCpuset = v }),
        Key.Text<RuntimeConfig>("namespaces_dir", "Directory where pod namespaces are pinned.",
            c => c.NamespacesDir, (c, v) => c with { NamespacesDir = v }),
        Key.Text<RuntimeConfig>("pinns_path", "Namespace pinning helper; empty searches PATH.",
            c => c.PinnsPath, (c, v) => c with { PinnsPath = v }),
        Key.Flag<RuntimeConfig>("enable_criu_support", "Allow container checkpoint and restore (needs criu).",
            c => c.EnableCriuSupport, (c, v) => c with { EnableCriuSupport = v }),
        Key.Flag<RuntimeConfig>("enable_pod_events", "Send container events to the kubelet (evented PLEG).",
            c => c.EnablePodEvents, (c, v) => c with { EnablePodEvents = v }),
        Key.List<RuntimeConfig>("absent_mount_sources_to_reject", "Bind-mount sources that must already exist instead of being created.",
            c => c.AbsentMountSourcesToReject, (c, v) => c with { AbsentMountSourcesToReject = v }),
        Key.Flag<RuntimeConfig>("hostnetwork_disable_selinux", "No SELinux separation for pods on the host network.",
            c => c.HostnetworkDisableSelinux, (c, v) => c with { HostnetworkDisableSelinux = v }),
        Key.Flag<RuntimeConfig>("disable_hostport_mapping", "Do not program hostPort mappings.",
            c => c.DisableHostportMapping, (c, v) => c with { DisableHostportMapping = v }),
        Key.Text<RuntimeConfig>("timezone", "Timezone of containers; empty keeps the image's, \"Local\" uses the host's.",
            c => c.Timezone, (c, v) => c with { Timezone = v }),
    ],
    Ignored());

    public static RuntimeConfig Apply(RuntimeConfig value, TomlTableNode table, string path, BindContext context) =>
        Table.Apply(value, table, path, context, SubTables);

    private static bool SubTables(ref RuntimeConfig value, string key, TomlNode node, string path, BindContext context)
    {
        switch (key)
        {
            case "runtimes":
                var runtimes = value.Runtimes;
                foreach (var (name, handlerNode) in context.ReadTable(path, node).Entries)
                {
                    var handlerPath = TomlText.Child(path, name);
                    var handlerTable = context.ReadTable(handlerPath, handlerNode);
                    var current = runtimes.TryGetValue(name, out var existing) ? existing : new RuntimeHandler();
                    runtimes = runtimes.SetItem(name, HandlerSchema.Table.Apply(current, handlerTable, handlerPath, context));
                    context.Touch(handlerPath);
                }

                value = value with { Runtimes = runtimes };
                return true;
            case "workloads":
                var workloads = value.Workloads;
                foreach (var (name, workloadNode) in context.ReadTable(path, node).Entries)
                {
                    var workloadPath = TomlText.Child(path, name);
                    var workloadTable = context.ReadTable(workloadPath, workloadNode);
                    var current = workloads.TryGetValue(name, out var existing) ? existing : new WorkloadConfig();
                    workloads = workloads.SetItem(name, WorkloadSchema.Apply(current, workloadTable, workloadPath, context));
                    context.Touch(workloadPath);
                }

                value = value with { Workloads = workloads };
                return true;
            default:
                return false;
        }
    }

    private static Dictionary<string, string?> Ignored()
    {
        var ignored = Unsupported.Newer("min_injected_gomaxprocs", "additional_artifact_stores", "privileged_seccomp_profile", "blockio_reload");

        // Removed from CRI-O long ago; crisp always manages namespace lifetimes, which is what it enabled.
        ignored["manage_ns_lifecycle"] = null;
        ignored["default_mounts"] = "obsolete CRI-O option (use default_mounts_file); ignored";
        return ignored;
    }
}
