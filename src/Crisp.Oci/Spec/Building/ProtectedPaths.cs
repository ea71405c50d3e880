namespace Crisp.Oci.Spec.Building;

/// <summary>
/// Masked and read-only /proc and /sys paths. Without CRI lists the defaults apply. A CRI masked list is merged
/// with CRI-O's defaults (the kubelet's list cannot unmask them); a CRI read-only list replaces the default.
/// Privileged containers get neither.
/// </summary>
internal static class ProtectedPaths
{
    /// <summary>CRI-O's default masked paths.</summary>
    public static IReadOnlyList<string> DefaultMasked { get; } =
    [
        "/proc/acpi", "/proc/asound", "/proc/interrupts", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
        "/proc/sched_debug", "/proc/scsi", "/proc/timer_list", "/proc/timer_stats", "/sys/devices/virtual/powercap",
        "/sys/firmware", "/sys/fs/selinux",
    ];

    /// <summary>The default read-only paths (/proc/asound is masked instead).</summary>
    public static IReadOnlyList<string> DefaultReadonly { get; } =
    [
        "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger",
    ];

    public static (IReadOnlyList<string>? Masked, IReadOnlyList<string>? Readonly) Build(
        IReadOnlyList<string> criMasked, IReadOnlyList<string> criReadonly, bool privileged)
    {
        if (privileged)
        {
            return (null, null);
        }

        var masked = criMasked.Count == 0
            ? DefaultMasked
            : DefaultMasked.Concat(criMasked).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var readOnly = criReadonly.Count == 0 ? DefaultReadonly : criReadonly.Distinct(StringComparer.Ordinal).ToList();
        return (masked, readOnly);
    }
}
