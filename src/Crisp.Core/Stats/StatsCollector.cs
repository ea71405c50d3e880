using Crisp.Core.Containers;
using Crisp.Core.Runtime;
using Crisp.Core.Sandboxes;
using Crisp.Linux;
using Microsoft.Extensions.Logging;
using Cri = Runtime.V1;

namespace Crisp.Core.Stats;

/// <summary>
/// Container and pod statistics for the CRI stats RPCs, as CRI-O's stats server computes them: each container's
/// cgroup (CPU, memory, swap, processes) and writable layer, each pod's own cgroup (the kubelet's cgroup_parent; the
/// sum of its containers when it has none), network counters from inside the pod's network namespace, and
/// usage_nano_cores from the previous sample. With <c>[crio.stats] collection_period</c> &gt; 0 a timer refreshes
/// every pod and the RPCs answer from that cache; with 0 every call reads the files. Exited containers have no
/// cgroup: lists leave them out, and their own stats carry only attributes and the writable layer.
/// </summary>
public sealed partial class StatsCollector : IDisposable
{
    private readonly ICrispConfigSource _config;
    private readonly SandboxManager _sandboxes;
    private readonly ContainerManager _containers;
    private readonly ContainerFileSystems _fileSystems;
    private readonly ICgroupStatsReader _cgroups;
    private readonly INetworkStatsReader _network;
    private readonly TimeProvider _time;
    private readonly ILogger<StatsCollector> _logger;
    private readonly CpuRate _cpuRate = new();
    private readonly Lock _cacheLock = new();
    private readonly Dictionary<string, Cri.ContainerStats> _containerCache = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Cri.PodSandboxStats> _podCache = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Cri.PodSandboxMetrics> _metricsCache = new(StringComparer.Ordinal);
    private readonly Lazy<string> _storageMountPoint;
    private ITimer? _timer;
    private int _refreshing;

    public StatsCollector(
        ICrispConfigSource config,
        SandboxManager sandboxes,
        ContainerManager containers,
        ContainerFileSystems fileSystems,
        SandboxPaths paths,
        ICgroupStatsReader cgroups,
        INetworkStatsReader network,
        TimeProvider time,
        ILogger<StatsCollector> logger)
    {
        _config = config;
        _sandboxes = sandboxes;
        _containers = containers;
        _fileSystems = fileSystems;
        _cgroups = cgroups;
        _network = network;
        _time = time;
        _logger = logger;
        _storageMountPoint = new Lazy<string>(() => StorageMountPoint(paths.Root));
    }

    /// <summary>Seconds between collections: <c>collection_period</c>, else the older <c>stats_collection_period</c>; 0 = on demand.</summary>
    public int CollectionPeriod
    {
        get
        {
            var stats = _config.Current.Stats;
            return stats.CollectionPeriod > 0 ? stats.CollectionPeriod : stats.StatsCollectionPeriod;
        }
    }

    /// <summary>Answers come from the cache once the periodic collection runs (the period is read at start, as CRI-O does).</summary>
    private bool Cached => _timer is not null;

    /// <summary>Starts the periodic collection when a period is configured (read once, at start).</summary>
    public void Start()
    {
        var period = CollectionPeriod;
        if (period > 0 && _timer is null)
        {
            _timer = _time.CreateTimer(_ => _ = TickAsync(), null, TimeSpan.FromSeconds(period), TimeSpan.FromSeconds(period));
        }
    }

    public void Dispose() => _timer?.Dispose();

    /// <summary>ContainerStats: NotFound (<see cref="ContainerException"/>) for an unknown id.</summary>
    public Cri.ContainerStats Container(string idOrPrefix)
    {
        var container = _containers.Get(idOrPrefix);
        if (Cached && Lookup(_containerCache, container.Id) is { } cached)
        {
            return cached;
        }

        return CollectContainer(container, Sandbox(container)) ?? new Cri.ContainerStats
        {
            Attributes = StatsCriMapping.Attributes(container),
            WritableLayer = WritableLayer(container),
        };
    }

    /// <summary>ListContainerStats: the containers that still run (or wait to start) matching the filter.</summary>
    public IReadOnlyList<Cri.ContainerStats> Containers(ContainerFilter filter)
    {
        var result = new List<Cri.ContainerStats>();
        foreach (var container in _containers.List(filter).Where(c => c.State != ContainerState.Exited))
        {
            var stats = Cached ? Lookup(_containerCache, container.Id) : null;
            stats ??= CollectContainer(container, Sandbox(container));
            if (stats is not null)
            {
                result.Add(stats);
            }
        }

        ForgetGone();
        return result;
    }

    /// <summary>PodSandboxStats: NotFound (<see cref="SandboxException"/>) for an unknown id.</summary>
    public async Task<Cri.PodSandboxStats> PodAsync(string idOrPrefix)
    {
        var sandbox = _sandboxes.Get(idOrPrefix);
        if (Cached && Lookup(_podCache, sandbox.Id) is { } cached)
        {
            return cached;
        }

        return (await CollectPodAsync(sandbox).ConfigureAwait(false)).Stats;
    }

    /// <summary>ListPodSandboxStats: every pod matching the filter.</summary>
    public async Task<IReadOnlyList<Cri.PodSandboxStats>> PodsAsync(SandboxFilter? filter)
    {
        var result = new List<Cri.PodSandboxStats>();
        foreach (var sandbox in _sandboxes.List(filter))
        {
            var stats = Cached ? Lookup(_podCache, sandbox.Id) : null;
            result.Add(stats ?? (await CollectPodAsync(sandbox).ConfigureAwait(false)).Stats);
        }

        ForgetGone();
        return result;
    }

    /// <summary>ListPodSandboxMetrics: the metrics of <c>included_pod_metrics</c> for every pod; none when it is empty.</summary>
    public async Task<IReadOnlyList<Cri.PodSandboxMetrics>> MetricsAsync()
    {
        var groups = PodMetrics.EnabledGroups(_config.Current.Stats.IncludedPodMetrics);
        if (groups.Count == 0)
        {
            return [];
        }

        var result = new List<Cri.PodSandboxMetrics>();
        foreach (var sandbox in _sandboxes.List())
        {
            var metrics = Cached ? Lookup(_metricsCache, sandbox.Id) : null;
            result.Add(metrics ?? (await CollectPodAsync(sandbox).ConfigureAwait(false)).Metrics);
        }

        return result;
    }

    /// <summary>ListMetricDescriptors: the descriptors of the enabled groups.</summary>
    public IReadOnlyList<Cri.MetricDescriptor> Descriptors() =>
        PodMetrics.Descriptors(PodMetrics.EnabledGroups(_config.Current.Stats.IncludedPodMetrics));

    /// <summary>A timer tick: a collection, unless the previous one still runs.</summary>
    private async Task TickAsync()
    {
        if (Interlocked.Exchange(ref _refreshing, 1) == 1)
        {
            return;
        }

        try
        {
            await RefreshAllAsync().ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }

    /// <summary>One collection of every pod (the timer's work); forgets pods and containers that are gone.</summary>
    public async Task RefreshAllAsync()
    {
        try
        {
            foreach (var sandbox in _sandboxes.List())
            {
                await CollectPodAsync(sandbox).ConfigureAwait(false);
            }

            ForgetGone();
        }
        catch (Exception e)
        {
            LogRefreshFailed(e);
        }
    }

    /// <summary>Drops the cached answers and previous CPU samples of containers and pods that were removed.</summary>
    private void ForgetGone()
    {
        var liveContainers = _containers.List().Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var livePods = _sandboxes.List().Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        lock (_cacheLock)
        {
            Prune(_containerCache, liveContainers);
            Prune(_podCache, livePods);
            Prune(_metricsCache, livePods);
        }

        _cpuRate.Retain(liveContainers.Select(ContainerKey).Concat(livePods.Select(PodKey)).ToHashSet(StringComparer.Ordinal));
    }

    private async Task<(Cri.PodSandboxStats Stats, Cri.PodSandboxMetrics Metrics)> CollectPodAsync(Sandbox sandbox)
    {
        var now = NowNanoseconds();
        var stats = new Cri.PodSandboxStats { Attributes = StatsCriMapping.Attributes(sandbox), Linux = new Cri.LinuxPodSandboxStats() };
        var samples = new List<(Container Container, CgroupSample Sample)>();
        foreach (var container in _containers.List(new ContainerFilter { SandboxId = sandbox.Id }).Where(c => c.State != ContainerState.Exited))
        {
            if (ReadContainer(container, sandbox) is not { } sample)
            {
                continue;
            }

            samples.Add((container, sample));
            stats.Linux.Containers.Add(ToStats(container, sample));
        }

        var manager = _config.Current.Runtime.CgroupManager;
        var podPath = CgroupLocator.Pod(manager, sandbox.CgroupParent);
        var podSample = (podPath is null ? null : _cgroups.Read(podPath, now))
            ?? (samples.Count > 0 ? CgroupSample.Sum([.. samples.Select(s => s.Sample)], now) : null);
        if (podSample is not null)
        {
            stats.Linux.Cpu = StatsCriMapping.Cpu(podSample, _cpuRate.Update(PodKey(sandbox.Id), podSample.Timestamp, podSample.CpuUsageNanoseconds));
            stats.Linux.Memory = StatsCriMapping.Memory(podSample);
            stats.Linux.Process = StatsCriMapping.Process(podSample);
        }

        var interfaces = await ReadNetworkAsync(sandbox).ConfigureAwait(false);
        if (interfaces is not null)
        {
            stats.Linux.Network = StatsCriMapping.Network(interfaces, now);
        }

        var groups = PodMetrics.EnabledGroups(_config.Current.Stats.IncludedPodMetrics);
        var disk = groups.Contains(PodMetrics.Disk);
        var metrics = PodMetrics.Build(
            sandbox,
            [.. samples.Select(s => new ContainerSample(s.Container, s.Sample, disk ? LayerUsage(s.Container) : default))],
            interfaces ?? [],
            groups,
            now);
        lock (_cacheLock)
        {
            _podCache[sandbox.Id] = stats;
            _metricsCache[sandbox.Id] = metrics;
        }

        return (stats, metrics);
    }

    private Cri.ContainerStats? CollectContainer(Container container, Sandbox? sandbox)
    {
        if (container.State == ContainerState.Exited || ReadContainer(container, sandbox) is not { } sample)
        {
            return null;
        }

        return ToStats(container, sample);
    }

    private Cri.ContainerStats ToStats(Container container, CgroupSample sample)
    {
        var stats = new Cri.ContainerStats
        {
            Attributes = StatsCriMapping.Attributes(container),
            Cpu = StatsCriMapping.Cpu(sample, _cpuRate.Update(ContainerKey(container.Id), sample.Timestamp, sample.CpuUsageNanoseconds)),
            Memory = StatsCriMapping.Memory(sample),
            Swap = StatsCriMapping.Swap(sample),
            WritableLayer = WritableLayer(container),
        };
        lock (_cacheLock)
        {
            _containerCache[container.Id] = stats;
        }

        return stats;
    }

    private CgroupSample? ReadContainer(Container container, Sandbox? sandbox)
    {
        var path = CgroupLocator.Container(_config.Current.Runtime.CgroupManager, sandbox?.CgroupParent ?? "", container.Id);
        var sample = _cgroups.Read(path, NowNanoseconds());
        if (sample is null)
        {
            LogNoCgroup(container.Id, path);
        }

        return sample;
    }

    private async Task<IReadOnlyList<InterfaceCounters>?> ReadNetworkAsync(Sandbox sandbox)
    {
        if (sandbox.HostNetwork || sandbox.Stopped || string.IsNullOrEmpty(sandbox.NetworkNamespacePath))
        {
            return null;
        }

        try
        {
            return await _network.ReadAsync(sandbox.NetworkNamespacePath).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SystemCallException or IOException or UnauthorizedAccessException)
        {
            LogNoNetwork(sandbox.Id, e.Message);
            return null;
        }
    }

    private Cri.FilesystemUsage WritableLayer(Container container) =>
        StatsCriMapping.WritableLayer(LayerUsage(container), _storageMountPoint.Value, NowNanoseconds());

    private WritableLayerUsage LayerUsage(Container container) => WritableLayerUsage.Measure(_fileSystems.UpperDirectory(container.Id));

    private Sandbox? Sandbox(Container container)
    {
        try
        {
            return _sandboxes.Get(container.SandboxId);
        }
        catch (SandboxException)
        {
            return null;
        }
    }

    private T? Lookup<T>(Dictionary<string, T> cache, string id)
        where T : class
    {
        lock (_cacheLock)
        {
            return cache.GetValueOrDefault(id);
        }
    }

    private static void Prune<T>(Dictionary<string, T> cache, HashSet<string> live)
    {
        foreach (var id in cache.Keys.Where(k => !live.Contains(k)).ToList())
        {
            cache.Remove(id);
        }
    }

    private static string StorageMountPoint(string root)
    {
        try
        {
            return MountTable.MountPointOf(root);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return root;
        }
    }

    private static string ContainerKey(string id) => "container/" + id;

    private static string PodKey(string id) => "pod/" + id;

    private long NowNanoseconds() => (_time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;

    [LoggerMessage(Level = LogLevel.Debug, Message = "No cgroup for container {Id} at {Path} (not started, or exiting)")]
    private partial void LogNoCgroup(string id, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot read the network statistics of pod {Id}: {Reason}")]
    private partial void LogNoNetwork(string id, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stats collection failed")]
    private partial void LogRefreshFailed(Exception exception);
}
