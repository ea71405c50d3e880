using Crisp.Config;
using Crisp.Core.Containers;
using Crisp.Core.Sandboxes;
using Cri = Runtime.V1;

namespace Crisp.Core.Stats;

/// <summary>A running container's sample for <see cref="PodMetrics"/>.</summary>
internal sealed record ContainerSample(Container Container, CgroupSample Sample, WritableLayerUsage Layer);

/// <summary>
/// ListMetricDescriptors and ListPodSandboxMetrics: cAdvisor's metric names, grouped as <c>included_pod_metrics</c>
/// names them (cpu, memory, network, oom, process, disk, spec), with cAdvisor's labels id, image, namespace, pod,
/// container (network metrics are the pod's: container "POD", plus interface). Values are whole numbers (the CRI
/// carries UInt64), so seconds are truncated as in CRI-O. container_last_seen is always there once any group is on.
/// </summary>
internal static class PodMetrics
{
    public const string Cpu = "cpu";
    public const string Memory = "memory";
    public const string Network = "network";
    public const string Oom = "oom";
    public const string Process = "process";
    public const string Disk = "disk";
    public const string Spec = "spec";

    /// <summary>Every group crisp's validator accepts, in CRI-O's order; hugetlb, diskIO and pressure have no metrics yet.</summary>
    private static readonly string[] _allGroups = [Cpu, "hugetlb", Memory, Network, Oom, Process, Spec, Disk, "diskIO", "pressure"];

    private static readonly string[] _labels = ["id", "image", "namespace", "pod", "container"];

    private static readonly Cri.MetricDescriptor _lastSeen = Descriptor("container_last_seen", "Last time a container was seen by the exporter");

    private static readonly Dictionary<string, Cri.MetricDescriptor[]> _groups = new(StringComparer.Ordinal)
    {
        [Cpu] =
        [
            Descriptor("container_cpu_user_seconds_total", "Cumulative user CPU time consumed in seconds."),
            Descriptor("container_cpu_system_seconds_total", "Cumulative system CPU time consumed in seconds."),
            Descriptor("container_cpu_usage_seconds_total", "Cumulative CPU time consumed in seconds.", "cpu"),
            Descriptor("container_cpu_cfs_periods_total", "Number of elapsed enforcement period intervals."),
            Descriptor("container_cpu_cfs_throttled_periods_total", "Number of throttled period intervals."),
            Descriptor("container_cpu_cfs_throttled_seconds_total", "Total time duration the container has been throttled."),
        ],
        [Memory] =
        [
            Descriptor("container_memory_cache", "Number of bytes of page cache memory."),
            Descriptor("container_memory_rss", "Size of RSS in bytes."),
            Descriptor("container_memory_kernel_usage", "Size of kernel memory allocated in bytes."),
            Descriptor("container_memory_mapped_file", "Size of memory mapped files in bytes."),
            Descriptor("container_memory_swap", "Container swap usage in bytes."),
            Descriptor("container_memory_failcnt", "Number of memory usage hits limits"),
            Descriptor("container_memory_usage_bytes", "Current memory usage in bytes, including all memory regardless of when it was accessed"),
            Descriptor("container_memory_max_usage_bytes", "Maximum memory usage recorded in bytes"),
            Descriptor("container_memory_working_set_bytes", "Current working set in bytes."),
            Descriptor("container_memory_failures_total", "Cumulative count of memory allocation failures.", "failure_type", "scope"),
        ],
        [Network] =
        [
            Descriptor("container_network_receive_bytes_total", "Cumulative count of bytes received", "interface"),
            Descriptor("container_network_receive_packets_total", "Cumulative count of packets received", "interface"),
            Descriptor("container_network_receive_packets_dropped_total", "Cumulative count of packets dropped while receiving", "interface"),
            Descriptor("container_network_receive_errors_total", "Cumulative count of errors encountered while receiving", "interface"),
            Descriptor("container_network_transmit_bytes_total", "Cumulative count of bytes transmitted", "interface"),
            Descriptor("container_network_transmit_packets_total", "Cumulative count of packets transmitted", "interface"),
            Descriptor("container_network_transmit_packets_dropped_total", "Cumulative count of packets dropped while transmitting", "interface"),
            Descriptor("container_network_transmit_errors_total", "Cumulative count of errors encountered while transmitting", "interface"),
        ],
        [Oom] = [Descriptor("container_oom_events_total", "Count of out of memory events observed for the container")],
        [Process] = [Descriptor("container_processes", "Number of processes running inside the container.")],
        [Disk] = [Descriptor("container_fs_usage_bytes", "Current filesystem usage in bytes.")],
        [Spec] =
        [
            Descriptor("container_spec_cpu_period", "CPU period of the container."),
            Descriptor("container_spec_cpu_shares", "CPU share of the container."),
            Descriptor("container_spec_cpu_quota", "CPU quota of the container."),
            Descriptor("container_spec_memory_limit_bytes", "Memory limit for the container in bytes."),
            Descriptor("container_spec_memory_swap_limit_bytes", "Memory swap limit for the container."),
            Descriptor("container_start_time_seconds", "Start time of the container since unix epoch in seconds."),
        ],
    };

    /// <summary>The groups <c>included_pod_metrics</c> turns on ("all" = every group); empty when it is empty.</summary>
    public static IReadOnlyList<string> EnabledGroups(ValueList<string> included) =>
        included.Contains("all") ? _allGroups : [.. _allGroups.Where(g => included.Contains(g))];

    public static IReadOnlyList<Cri.MetricDescriptor> Descriptors(IReadOnlyList<string> groups) =>
        groups.Count == 0 ? [] : [_lastSeen, .. groups.SelectMany(g => _groups.GetValueOrDefault(g) ?? [])];

    public static Cri.PodSandboxMetrics Build(
        Sandbox sandbox, IReadOnlyList<ContainerSample> containers, IReadOnlyList<InterfaceCounters> interfaces, IReadOnlyList<string> groups, long timestamp)
    {
        var result = new Cri.PodSandboxMetrics { PodSandboxId = sandbox.Id };
        if (groups.Count == 0)
        {
            return result;
        }

        if (groups.Contains(Network))
        {
            var pod = new MetricWriter([sandbox.Id, "", sandbox.Metadata.Namespace, sandbox.Metadata.Name, "POD"], timestamp);
            foreach (var counters in interfaces.Where(i => i.Name != "lo"))
            {
                string[] name = [counters.Name];
                pod.Counter("container_network_receive_bytes_total", counters.RxBytes, name);
                pod.Counter("container_network_receive_packets_total", counters.RxPackets, name);
                pod.Counter("container_network_receive_packets_dropped_total", counters.RxDropped, name);
                pod.Counter("container_network_receive_errors_total", counters.RxErrors, name);
                pod.Counter("container_network_transmit_bytes_total", counters.TxBytes, name);
                pod.Counter("container_network_transmit_packets_total", counters.TxPackets, name);
                pod.Counter("container_network_transmit_packets_dropped_total", counters.TxDropped, name);
                pod.Counter("container_network_transmit_errors_total", counters.TxErrors, name);
            }

            result.Metrics.Add(pod.Metrics);
        }

        foreach (var container in containers)
        {
            result.ContainerMetrics.Add(ForContainer(sandbox, container, groups, timestamp));
        }

        return result;
    }

    private static Cri.ContainerMetrics ForContainer(Sandbox sandbox, ContainerSample entry, IReadOnlyList<string> groups, long timestamp)
    {
        var (container, sample, layer) = (entry.Container, entry.Sample, entry.Layer);
        var writer = new MetricWriter([container.Id, container.ImageName, sandbox.Metadata.Namespace, sandbox.Metadata.Name, container.MetadataName], timestamp);
        writer.Gauge("container_last_seen", (ulong)(timestamp / 1_000_000_000));
        foreach (var group in groups)
        {
            switch (group)
            {
                case Cpu:
                    writer.Counter("container_cpu_user_seconds_total", Seconds(sample.CpuUserNanoseconds));
                    writer.Counter("container_cpu_system_seconds_total", Seconds(sample.CpuSystemNanoseconds));
                    writer.Counter("container_cpu_usage_seconds_total", Seconds(sample.CpuUsageNanoseconds), "total");
                    writer.Counter("container_cpu_cfs_periods_total", sample.CfsPeriods);
                    writer.Counter("container_cpu_cfs_throttled_periods_total", sample.CfsThrottledPeriods);
                    writer.Counter("container_cpu_cfs_throttled_seconds_total", Seconds(sample.CfsThrottledNanoseconds));
                    break;
                case Memory:
                    writer.Gauge("container_memory_cache", sample.CacheBytes);
                    writer.Gauge("container_memory_rss", sample.RssBytes);
                    writer.Gauge("container_memory_kernel_usage", sample.KernelBytes);
                    writer.Gauge("container_memory_mapped_file", sample.MappedFileBytes);
                    writer.Gauge("container_memory_swap", sample.SwapUsageBytes);
                    writer.Counter("container_memory_failcnt", sample.MemoryFailCount);
                    writer.Gauge("container_memory_usage_bytes", sample.MemoryUsageBytes);
                    writer.Gauge("container_memory_max_usage_bytes", sample.MemoryMaxUsageBytes);
                    writer.Gauge("container_memory_working_set_bytes", sample.WorkingSetBytes);
                    foreach (var scope in new[] { "container", "hierarchy" })
                    {
                        writer.Counter("container_memory_failures_total", sample.PageFaults, "pgfault", scope);
                        writer.Counter("container_memory_failures_total", sample.MajorPageFaults, "pgmajfault", scope);
                    }

                    break;
                case Oom:
                    writer.Counter("container_oom_events_total", sample.OomKills ?? 0);
                    break;
                case Process:
                    writer.Gauge("container_processes", sample.Processes);
                    break;
                case Disk:
                    writer.Gauge("container_fs_usage_bytes", layer.Bytes);
                    break;
                case Spec:
                    AddSpec(writer, container);
                    break;
            }
        }

        return new Cri.ContainerMetrics { ContainerId = container.Id, Metrics = { writer.Metrics } };
    }

    private static void AddSpec(MetricWriter writer, Container container)
    {
        var resources = container.ReadConfig().Linux?.Resources;
        if (resources is not null)
        {
            writer.Gauge("container_spec_cpu_period", (ulong)Math.Max(0, resources.CpuPeriod));
            writer.Gauge("container_spec_cpu_shares", (ulong)Math.Max(0, resources.CpuShares));
            writer.Gauge("container_spec_cpu_quota", (ulong)Math.Max(0, resources.CpuQuota));
            writer.Gauge("container_spec_memory_limit_bytes", (ulong)Math.Max(0, resources.MemoryLimitInBytes));
            writer.Gauge("container_spec_memory_swap_limit_bytes", (ulong)Math.Max(0, resources.MemorySwapLimitInBytes));
        }

        if (container.StartedAt > 0)
        {
            writer.Gauge("container_start_time_seconds", (ulong)(container.StartedAt / 1_000_000_000));
        }
    }

    private static ulong? Seconds(ulong? nanoseconds) => nanoseconds / 1_000_000_000;

    private static Cri.MetricDescriptor Descriptor(string name, string help, params string[] extraLabels) =>
        new() { Name = name, Help = help, LabelKeys = { _labels, extraLabels } };

    /// <summary>Collects metrics with the same base label values.</summary>
    private sealed class MetricWriter(string[] baseLabels, long timestamp)
    {
        public List<Cri.Metric> Metrics { get; } = [];

        public void Counter(string name, ulong? value, params string[] labels) => Add(name, Cri.MetricType.Counter, value, labels);

        public void Gauge(string name, ulong? value, params string[] labels) => Add(name, Cri.MetricType.Gauge, value, labels);

        private void Add(string name, Cri.MetricType type, ulong? value, string[] labels)
        {
            if (value is not { } v)
            {
                return;
            }

            Metrics.Add(new Cri.Metric
            {
                Name = name,
                Timestamp = timestamp,
                MetricType = type,
                LabelValues = { baseLabels, labels },
                Value = new Cri.UInt64Value { Value = v },
            });
        }
    }
}
