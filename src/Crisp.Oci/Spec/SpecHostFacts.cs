using System.Globalization;
using Crisp.Oci.Spec.Seccomp;

namespace Crisp.Oci.Spec;

/// <summary>What the spec builders need to know about the host; <see cref="Probe"/> reads them once at start-up.</summary>
public sealed record SpecHostFacts
{
    /// <summary>Lowest oom_score_adj runc can set here (see <see cref="OomScoreAdjust.LowestAllowed"/>).</summary>
    public int MinimumOomScoreAdj { get; init; } = OomScoreAdjust.Minimum;

    /// <summary>True on a unified (cgroup v2 only) host; false on v1 and hybrid hosts.</summary>
    public bool CgroupV2 { get; init; }

    /// <summary>AppArmor is enabled in the kernel; profiles are only set when it is.</summary>
    public bool AppArmorEnabled { get; init; }

    /// <summary>The memory controller accounts swap (memory.memsw.* / memory.swap.*); swap limits are set only then.</summary>
    public bool SwapAccounting { get; init; } = true;

    /// <summary>The hugetlb controller exists; hugepage limits are dropped otherwise (as CRI-O does).</summary>
    public bool HugetlbController { get; init; } = true;

    /// <summary>The pids controller exists; pids_limit is applied only then.</summary>
    public bool PidsController { get; init; } = true;

    /// <summary>Native architecture in libseccomp's naming ("amd64", "arm64", "x86", "arm").</summary>
    public string Architecture { get; init; } = SeccompArchitectures.Native;

    /// <summary>Running kernel (major.minor), for minKernel conditions in seccomp profiles; null = assume new enough.</summary>
    public Version? KernelVersion { get; init; }

    /// <summary>Highest capability number the kernel knows (/proc/sys/kernel/cap_last_cap).</summary>
    public int LastCapability { get; init; } = CapabilityNames.LastKnown;

    /// <summary>Reads the facts from /proc and /sys.</summary>
    public static SpecHostFacts Probe(string cgroupRoot = "/sys/fs/cgroup")
    {
        var v2 = File.Exists(Path.Combine(cgroupRoot, "cgroup.controllers"));
        var controllers = v2 ? ReadOrEmpty(Path.Combine(cgroupRoot, "cgroup.controllers")).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
        return new SpecHostFacts
        {
            MinimumOomScoreAdj = OomScoreAdjust.LowestAllowed(),
            CgroupV2 = v2,
            AppArmorEnabled = ReadOrEmpty("/sys/module/apparmor/parameters/enabled").StartsWith('Y'),
            SwapAccounting = v2 ? HasV2Swap(cgroupRoot) : File.Exists(Path.Combine(cgroupRoot, "memory", "memory.memsw.limit_in_bytes")),
            HugetlbController = v2 ? controllers.Contains("hugetlb") : Directory.Exists(Path.Combine(cgroupRoot, "hugetlb")),
            PidsController = v2 ? controllers.Contains("pids") : Directory.Exists(Path.Combine(cgroupRoot, "pids")),
            KernelVersion = ParseKernelVersion(ReadOrEmpty("/proc/sys/kernel/osrelease")),
            LastCapability = int.TryParse(ReadOrEmpty("/proc/sys/kernel/cap_last_cap").Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var last)
                ? last
                : CapabilityNames.LastKnown,
        };
    }

    /// <summary>"6.1.0-18-amd64" → 6.1; null when it does not start with major.minor.</summary>
    public static Version? ParseKernelVersion(string release)
    {
        var parts = release.Trim().Split('.', 3);
        return parts.Length >= 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            && int.TryParse(new string(parts[1].TakeWhile(char.IsAsciiDigit).ToArray()), NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            ? new Version(major, minor)
            : null;
    }

    private static bool HasV2Swap(string cgroupRoot)
    {
        var own = ReadOrEmpty("/proc/self/cgroup").Split('\n').FirstOrDefault(l => l.StartsWith("0::", StringComparison.Ordinal));
        var relative = own is null ? "" : own[3..].Trim().TrimStart('/');
        return File.Exists(Path.Combine(cgroupRoot, relative, "memory.swap.current"));
    }

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
