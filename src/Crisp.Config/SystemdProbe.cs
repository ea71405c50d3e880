namespace Crisp.Config;

/// <summary>The real probe: systemd is running when <c>/run/systemd/system</c> exists.</summary>
public sealed class SystemdProbe : ISystemdProbe
{
    private readonly string _marker;

    /// <summary>Creates a probe that checks <paramref name="marker"/> (default <c>/run/systemd/system</c>).</summary>
    public SystemdProbe(string marker = "/run/systemd/system")
    {
        _marker = marker;
    }

    /// <summary>The probe for this host.</summary>
    public static SystemdProbe Instance { get; } = new();

    /// <inheritdoc />
    public bool IsSystemdRunning() => Directory.Exists(_marker);
}
