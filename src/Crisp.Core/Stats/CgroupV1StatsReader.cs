namespace Crisp.Core.Stats;

/// <summary>
/// cgroup v1 (also the v1 half of a hybrid host): each controller is its own hierarchy under the root —
/// <c>cpuacct</c> (or <c>cpu,cpuacct</c>), <c>cpu</c>, <c>memory</c>, <c>pids</c>. Memory figures are the
/// hierarchical <c>total_*</c> keys of <c>memory.stat</c>, as cAdvisor reads them.
/// </summary>
public sealed class CgroupV1StatsReader : ICgroupStatsReader
{
    /// <summary>v1 writes "no limit" as the largest page-aligned signed 64-bit number; anything this large is unlimited.</summary>
    private const ulong Unlimited = 1UL << 62;

    /// <summary>cpuacct.stat counts USER_HZ (100 per second) ticks.</summary>
    private const ulong NanosecondsPerTick = 10_000_000;

    private readonly CgroupFiles _files;
    private readonly string _cpuacct;
    private readonly string _cpu;
    private readonly string _memory;
    private readonly string _pids;

    public CgroupV1StatsReader(string root = "/sys/fs/cgroup")
        : this(root, null)
    {
    }

    /// <summary>For tests: <paramref name="readAllText"/> replaces File.ReadAllText.</summary>
    internal CgroupV1StatsReader(string root, Func<string, string>? readAllText)
    {
        _files = new CgroupFiles(readAllText);
        _cpuacct = Controller(root, "cpuacct", "cpu,cpuacct", "cpuacct,cpu");
        _cpu = Controller(root, "cpu", "cpu,cpuacct", "cpuacct,cpu");
        _memory = Path.Combine(root, "memory");
        _pids = Path.Combine(root, "pids");
    }

    public CgroupSample? Read(string cgroupPath, long timestamp)
    {
        var relative = cgroupPath.Trim('/');
        var cpuacct = Path.Combine(_cpuacct, relative);
        var memory = Path.Combine(_memory, relative);
        if (!Directory.Exists(cpuacct) && !Directory.Exists(memory))
        {
            return null;
        }

        CgroupSample sample;
        try
        {
            sample = ReadFiles(relative, cpuacct, memory, timestamp);
        }
        catch (IOException)
        {
            // ENODEV from a removed cgroup's open file, or any other read error: the cgroup is going away.
            return null;
        }

        return Directory.Exists(cpuacct) || Directory.Exists(memory) ? sample : null;
    }

    private CgroupSample ReadFiles(string relative, string cpuacct, string memory, long timestamp)
    {
        var throttling = _files.ReadKeyed(Path.Combine(_cpu, relative, "cpu.stat"));
        var stat = _files.ReadKeyed(Path.Combine(memory, "memory.stat"));
        var usage = _files.ReadNumber(Path.Combine(memory, "memory.usage_in_bytes"));
        var limit = Limit(_files.ReadNumber(Path.Combine(memory, "memory.limit_in_bytes")));
        var memswUsage = _files.ReadNumber(Path.Combine(memory, "memory.memsw.usage_in_bytes"));
        var memswLimit = Limit(_files.ReadNumber(Path.Combine(memory, "memory.memsw.limit_in_bytes")));
        var (user, system) = CpuModes(cpuacct);
        return new CgroupSample
        {
            Timestamp = timestamp,
            CpuUsageNanoseconds = _files.ReadNumber(Path.Combine(cpuacct, "cpuacct.usage")),
            CpuUserNanoseconds = user,
            CpuSystemNanoseconds = system,
            PerCpuNanoseconds = CgroupFiles.ParseList(_files.ReadText(Path.Combine(cpuacct, "cpuacct.usage_percpu"))),
            CfsPeriods = CgroupFiles.Get(throttling, "nr_periods"),
            CfsThrottledPeriods = CgroupFiles.Get(throttling, "nr_throttled"),
            CfsThrottledNanoseconds = CgroupFiles.Get(throttling, "throttled_time"),
            MemoryUsageBytes = usage,
            MemoryMaxUsageBytes = _files.ReadNumber(Path.Combine(memory, "memory.max_usage_in_bytes")),
            MemoryLimitBytes = limit,
            MemoryFailCount = _files.ReadNumber(Path.Combine(memory, "memory.failcnt")),
            InactiveFileBytes = CgroupFiles.Get(stat, "total_inactive_file"),
            RssBytes = CgroupFiles.Get(stat, "total_rss"),
            CacheBytes = CgroupFiles.Get(stat, "total_cache"),
            MappedFileBytes = CgroupFiles.Get(stat, "total_mapped_file"),
            KernelBytes = _files.ReadNumber(Path.Combine(memory, "memory.kmem.usage_in_bytes")),
            PageFaults = CgroupFiles.Get(stat, "total_pgfault"),
            MajorPageFaults = CgroupFiles.Get(stat, "total_pgmajfault"),
            SwapUsageBytes = memswUsage is { } sw && usage is { } u ? sw - Math.Min(sw, u) : null,
            SwapLimitBytes = memswLimit is { } swl && limit is { } l ? swl - Math.Min(swl, l) : null,
            Processes = _files.ReadNumber(Path.Combine(_pids, relative, "pids.current")),
            OomKills = CgroupFiles.Get(_files.ReadKeyed(Path.Combine(memory, "memory.oom_control")), "oom_kill"),
        };
    }

    /// <summary>User and system time: cpuacct.usage_user/usage_sys (ns) where the kernel has them, else cpuacct.stat ticks.</summary>
    private (ulong? User, ulong? System) CpuModes(string cpuacct)
    {
        var user = _files.ReadNumber(Path.Combine(cpuacct, "cpuacct.usage_user"));
        var system = _files.ReadNumber(Path.Combine(cpuacct, "cpuacct.usage_sys"));
        if (user is not null && system is not null)
        {
            return (user, system);
        }

        var ticks = _files.ReadKeyed(Path.Combine(cpuacct, "cpuacct.stat"));
        return (CgroupFiles.Get(ticks, "user") * NanosecondsPerTick, CgroupFiles.Get(ticks, "system") * NanosecondsPerTick);
    }

    private static ulong? Limit(ulong? value) => value is >= Unlimited ? null : value;

    private static string Controller(string root, params string[] names) =>
        names.Select(n => Path.Combine(root, n)).FirstOrDefault(Directory.Exists) ?? Path.Combine(root, names[0]);
}
