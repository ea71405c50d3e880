namespace Crisp.Core.Stats;

/// <summary>
/// cgroup v2 (the unified tree): every controller's files are in the cgroup's one directory — <c>cpu.stat</c>
/// (microseconds), <c>memory.current</c>, <c>memory.max</c>, <c>memory.stat</c>, <c>memory.events</c>,
/// <c>memory.swap.current</c>, <c>memory.swap.max</c>, <c>pids.current</c>.
/// </summary>
public sealed class CgroupV2StatsReader : ICgroupStatsReader
{
    private readonly CgroupFiles _files;
    private readonly string _root;

    public CgroupV2StatsReader(string root = "/sys/fs/cgroup")
        : this(root, null)
    {
    }

    /// <summary>For tests: <paramref name="readAllText"/> replaces File.ReadAllText.</summary>
    internal CgroupV2StatsReader(string root, Func<string, string>? readAllText)
    {
        _root = root;
        _files = new CgroupFiles(readAllText);
    }

    public CgroupSample? Read(string cgroupPath, long timestamp)
    {
        var directory = Path.Combine(_root, cgroupPath.Trim('/'));
        if (!Directory.Exists(directory))
        {
            return null;
        }

        CgroupSample sample;
        try
        {
            sample = ReadFiles(directory, timestamp);
        }
        catch (IOException)
        {
            return null;
        }

        return Directory.Exists(directory) ? sample : null;
    }

    private CgroupSample ReadFiles(string directory, long timestamp)
    {
        var cpu = _files.ReadKeyed(Path.Combine(directory, "cpu.stat"));
        var stat = _files.ReadKeyed(Path.Combine(directory, "memory.stat"));
        var events = _files.ReadKeyed(Path.Combine(directory, "memory.events"));
        return new CgroupSample
        {
            Timestamp = timestamp,
            CpuUsageNanoseconds = Micro(CgroupFiles.Get(cpu, "usage_usec")),
            CpuUserNanoseconds = Micro(CgroupFiles.Get(cpu, "user_usec")),
            CpuSystemNanoseconds = Micro(CgroupFiles.Get(cpu, "system_usec")),
            CfsPeriods = CgroupFiles.Get(cpu, "nr_periods"),
            CfsThrottledPeriods = CgroupFiles.Get(cpu, "nr_throttled"),
            CfsThrottledNanoseconds = Micro(CgroupFiles.Get(cpu, "throttled_usec")),
            MemoryUsageBytes = _files.ReadNumber(Path.Combine(directory, "memory.current")),
            MemoryMaxUsageBytes = _files.ReadNumber(Path.Combine(directory, "memory.peak")),
            MemoryLimitBytes = _files.ReadNumber(Path.Combine(directory, "memory.max")),
            MemoryFailCount = CgroupFiles.Get(events, "max"),
            InactiveFileBytes = CgroupFiles.Get(stat, "inactive_file"),
            RssBytes = CgroupFiles.Get(stat, "anon"),
            CacheBytes = CgroupFiles.Get(stat, "file"),
            MappedFileBytes = CgroupFiles.Get(stat, "file_mapped"),
            KernelBytes = CgroupFiles.Get(stat, "kernel"),
            PageFaults = CgroupFiles.Get(stat, "pgfault"),
            MajorPageFaults = CgroupFiles.Get(stat, "pgmajfault"),
            SwapUsageBytes = _files.ReadNumber(Path.Combine(directory, "memory.swap.current")),
            SwapLimitBytes = _files.ReadNumber(Path.Combine(directory, "memory.swap.max")),
            Processes = _files.ReadNumber(Path.Combine(directory, "pids.current")),
            OomKills = CgroupFiles.Get(events, "oom_kill"),
        };
    }

    private static ulong? Micro(ulong? microseconds) => microseconds * 1000;
}
