namespace Crisp.Core.Stats;

/// <summary>
/// One reading of a cgroup's counters, in the units the CRI uses (nanoseconds, bytes). A field is null when this host
/// does not account it (no pids controller, no swap accounting) or the file is absent.
/// </summary>
public sealed record CgroupSample
{
    /// <summary>When the files were read, in nanoseconds since the Unix epoch.</summary>
    public long Timestamp { get; init; }

    /// <summary>Cumulative CPU time of all tasks (cpuacct.usage; cpu.stat usage_usec × 1000).</summary>
    public ulong? CpuUsageNanoseconds { get; init; }

    public ulong? CpuUserNanoseconds { get; init; }

    public ulong? CpuSystemNanoseconds { get; init; }

    /// <summary>Cumulative CPU time per CPU (v1 cpuacct.usage_percpu only).</summary>
    public IReadOnlyList<ulong> PerCpuNanoseconds { get; init; } = [];

    public ulong? CfsPeriods { get; init; }

    public ulong? CfsThrottledPeriods { get; init; }

    public ulong? CfsThrottledNanoseconds { get; init; }

    /// <summary>memory.usage_in_bytes / memory.current.</summary>
    public ulong? MemoryUsageBytes { get; init; }

    /// <summary>memory.max_usage_in_bytes / memory.peak.</summary>
    public ulong? MemoryMaxUsageBytes { get; init; }

    /// <summary>The memory limit; null when unlimited.</summary>
    public ulong? MemoryLimitBytes { get; init; }

    /// <summary>Times the limit was hit (memory.failcnt / memory.events max).</summary>
    public ulong? MemoryFailCount { get; init; }

    /// <summary>Inactive page cache (total_inactive_file / inactive_file): reclaimable, so not in the working set.</summary>
    public ulong? InactiveFileBytes { get; init; }

    /// <summary>Anonymous memory (total_rss / anon).</summary>
    public ulong? RssBytes { get; init; }

    /// <summary>Page cache (total_cache / file).</summary>
    public ulong? CacheBytes { get; init; }

    public ulong? MappedFileBytes { get; init; }

    public ulong? KernelBytes { get; init; }

    public ulong? PageFaults { get; init; }

    public ulong? MajorPageFaults { get; init; }

    /// <summary>Swap in use (v1: memsw usage − usage; v2: memory.swap.current).</summary>
    public ulong? SwapUsageBytes { get; init; }

    /// <summary>The swap limit; null when unlimited or not accounted.</summary>
    public ulong? SwapLimitBytes { get; init; }

    /// <summary>Tasks in the cgroup (pids.current).</summary>
    public ulong? Processes { get; init; }

    /// <summary>OOM kills in the cgroup (memory.oom_control / memory.events oom_kill).</summary>
    public ulong? OomKills { get; init; }

    /// <summary>Usage less inactive page cache, as cAdvisor and CRI-O compute it; never negative.</summary>
    public ulong? WorkingSetBytes => MemoryUsageBytes is { } usage
        ? usage - Math.Min(usage, InactiveFileBytes ?? 0)
        : null;

    /// <summary>Adds two samples (a pod without a cgroup of its own: the sum of its containers).</summary>
    public static CgroupSample Sum(IReadOnlyList<CgroupSample> samples, long timestamp) => new()
    {
        Timestamp = timestamp,
        CpuUsageNanoseconds = SumOf(samples, s => s.CpuUsageNanoseconds),
        CpuUserNanoseconds = SumOf(samples, s => s.CpuUserNanoseconds),
        CpuSystemNanoseconds = SumOf(samples, s => s.CpuSystemNanoseconds),
        MemoryUsageBytes = SumOf(samples, s => s.MemoryUsageBytes),
        InactiveFileBytes = SumOf(samples, s => s.InactiveFileBytes),
        RssBytes = SumOf(samples, s => s.RssBytes),
        CacheBytes = SumOf(samples, s => s.CacheBytes),
        PageFaults = SumOf(samples, s => s.PageFaults),
        MajorPageFaults = SumOf(samples, s => s.MajorPageFaults),
        SwapUsageBytes = SumOf(samples, s => s.SwapUsageBytes),
        Processes = SumOf(samples, s => s.Processes),
        OomKills = SumOf(samples, s => s.OomKills),
    };

    private static ulong? SumOf(IReadOnlyList<CgroupSample> samples, Func<CgroupSample, ulong?> field)
    {
        ulong? total = null;
        foreach (var sample in samples)
        {
            if (field(sample) is { } value)
            {
                total = (total ?? 0) + value;
            }
        }

        return total;
    }
}
