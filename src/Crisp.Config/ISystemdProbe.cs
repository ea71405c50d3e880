namespace Crisp.Config;

/// <summary>Tells whether the host was booted with systemd, which decides the default cgroup manager.</summary>
public interface ISystemdProbe
{
    /// <summary>True when systemd is the init system (as sd_booted(3) decides).</summary>
    bool IsSystemdRunning();
}
