using Crisp.Config.Toml;

namespace Crisp.Config;

// Checks of the [crio.runtime] table (handlers are in ConfigValidator.Handlers.cs).
public sealed partial class ConfigValidator
{
    private const int MinimumLogSizeMax = 8192;

    private void CheckRuntime(RuntimeConfig runtime, IssueCollector issues)
    {
        if (runtime.CgroupManager is not ("cgroupfs" or "systemd"))
        {
            issues.Error("crio.runtime.cgroup_manager", $"invalid cgroup manager \"{runtime.CgroupManager}\"; expected \"cgroupfs\" or \"systemd\"");
        }

        if (!ValueFormats.IsLogLevel(runtime.LogLevel))
        {
            issues.Error("crio.runtime.log_level", $"invalid log level \"{runtime.LogLevel}\"; expected trace, debug, info, warn, error, fatal or panic");
        }

        if (runtime.LogFilter.Length > 0 && !IsRegex(runtime.LogFilter))
        {
            issues.Error("crio.runtime.log_filter", $"\"{runtime.LogFilter}\" is not a valid regular expression");
        }

        if (runtime.LogSizeMax >= 0 && runtime.LogSizeMax < MinimumLogSizeMax)
        {
            issues.Error("crio.runtime.log_size_max", $"must be negative (unlimited) or at least {MinimumLogSizeMax}");
        }

        if (runtime.CtrStopTimeout < RuntimeConfig.MinimumCtrStopTimeout)
        {
            issues.Warn("crio.runtime.ctr_stop_timeout", $"{runtime.CtrStopTimeout}s is below the minimum; {RuntimeConfig.MinimumCtrStopTimeout}s is used");
        }

        for (var i = 0; i < runtime.DefaultCapabilities.Count; i++)
        {
            if (!LinuxCapabilities.TryNormalize(runtime.DefaultCapabilities[i], out _))
            {
                issues.Error($"crio.runtime.default_capabilities[{i}]", $"unknown capability \"{runtime.DefaultCapabilities[i]}\"");
            }
        }

        if (runtime.SeccompProfile.Length > 0 && !_files.FileExists(runtime.SeccompProfile))
        {
            issues.Error("crio.runtime.seccomp_profile", $"seccomp profile \"{runtime.SeccompProfile}\" does not exist");
        }

        EachItem(issues, "crio.runtime.default_sysctls", runtime.DefaultSysctls, v => ValueFormats.IsSysctl(v) ? null : $"sysctl \"{v}\" is not of the form key=value");
        EachItem(issues, "crio.runtime.default_ulimits", runtime.DefaultUlimits, ValueFormats.CheckUlimit);
        EachItem(issues, "crio.runtime.additional_devices", runtime.AdditionalDevices, v => ValueFormats.IsDevice(v) ? null : $"device \"{v}\" is not of the form /host[:/container[:rwm]]");
        EachItem(issues, "crio.runtime.allowed_devices", runtime.AllowedDevices, v => v.StartsWith('/') ? null : $"device \"{v}\" is not an absolute path");

        CheckCpuList(issues, "crio.runtime.infra_ctr_cpuset", runtime.InfraCtrCpuset);
        CheckCpuList(issues, "crio.runtime.shared_cpuset", runtime.SharedCpuset);
        CheckIdMappings(issues, "crio.runtime.uid_mappings", runtime.UidMappings);
        CheckIdMappings(issues, "crio.runtime.gid_mappings", runtime.GidMappings);

        RequireAbsolute(issues, "crio.runtime.container_exits_dir", runtime.ContainerExitsDir);
        RequireAbsolute(issues, "crio.runtime.container_attach_socket_dir", runtime.ContainerAttachSocketDir);
        RequireAbsolute(issues, "crio.runtime.namespaces_dir", runtime.NamespacesDir);

        if (runtime.EnableCriuSupport && _executables.Resolve("criu") is null)
        {
            issues.Error("crio.runtime.enable_criu_support", "checkpoint/restore needs the criu binary, which is not in PATH");
        }

        foreach (var (name, workload) in runtime.Workloads)
        {
            if (workload.ActivationAnnotation.Length == 0)
            {
                issues.Error(TomlText.Child("crio.runtime.workloads", name) + ".activation_annotation", "a workload needs an activation annotation");
            }
        }
    }
}
