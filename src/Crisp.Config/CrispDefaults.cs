namespace Crisp.Config;

/// <summary>
/// crisp's defaults: CRI-O's values with crisp's own paths. Only the cgroup manager (and the monitor
/// cgroup that goes with it) depends on the host.
/// </summary>
public static class CrispDefaults
{
    /// <summary>PATH handed to conmon by the default handler.</summary>
    public const string MonitorPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>Defaults for this host.</summary>
    public static CrispConfig Create() => Create(SystemdProbe.Instance);

    /// <summary>Defaults for the host the probe describes.</summary>
    public static CrispConfig Create(ISystemdProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return Create(probe.IsSystemdRunning());
    }

    /// <summary>Defaults for a host with or without systemd.</summary>
    public static CrispConfig Create(bool systemd)
    {
        var config = new CrispConfig();
        return config with
        {
            Runtime = config.Runtime with
            {
                CgroupManager = CgroupManagerFor(systemd),
                Runtimes = ValueMap.Create((RuntimeConfig.FallbackRuntime, CreateRuncHandler(systemd))),
            },
        };
    }

    /// <summary>"systemd" when systemd runs the host, otherwise "cgroupfs".</summary>
    public static string CgroupManagerFor(bool systemd) => systemd ? "systemd" : "cgroupfs";

    /// <summary>The built-in <c>runc</c> handler (binary found in PATH).</summary>
    public static RuntimeHandler CreateRuncHandler(bool systemd) => new()
    {
        RuntimeType = RuntimeHandler.OciType,
        RuntimeRoot = "/run/runc",
        MonitorCgroup = systemd ? "system.slice" : "",
        MonitorEnv = [MonitorPath],
        AllowedAnnotations = ["io.containers.trace-syscall", "io.kubernetes.cri-o.Devices"],
    };
}
