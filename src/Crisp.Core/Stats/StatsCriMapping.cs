using Crisp.Core.Containers;
using Crisp.Core.Sandboxes;
using Cri = Runtime.V1;

namespace Crisp.Core.Stats;

/// <summary>Cgroup samples, interface counters and layer usage as CRI stats messages.</summary>
internal static class StatsCriMapping
{
    public static Cri.ContainerAttributes Attributes(Container container)
    {
        var attributes = new Cri.ContainerAttributes { Id = container.Id, Metadata = ContainerCriMapping.Metadata(container) };
        attributes.Labels.Add(new Dictionary<string, string>(container.Labels));
        attributes.Annotations.Add(new Dictionary<string, string>(container.Annotations));
        return attributes;
    }

    public static Cri.PodSandboxAttributes Attributes(Sandbox sandbox)
    {
        var attributes = new Cri.PodSandboxAttributes { Id = sandbox.Id, Metadata = SandboxCriMapping.Metadata(sandbox) };
        attributes.Labels.Add(new Dictionary<string, string>(sandbox.Labels));
        attributes.Annotations.Add(new Dictionary<string, string>(sandbox.Annotations));
        return attributes;
    }

    public static Cri.CpuUsage? Cpu(CgroupSample sample, ulong? nanoCores) => sample.CpuUsageNanoseconds is not { } usage ? null : new Cri.CpuUsage
    {
        Timestamp = sample.Timestamp,
        UsageCoreNanoSeconds = Value(usage),
        UsageNanoCores = Value(nanoCores),
    };

    public static Cri.MemoryUsage? Memory(CgroupSample sample)
    {
        if (sample.MemoryUsageBytes is not { } usage)
        {
            return null;
        }

        var workingSet = sample.WorkingSetBytes ?? usage;
        return new Cri.MemoryUsage
        {
            Timestamp = sample.Timestamp,
            WorkingSetBytes = Value(workingSet),
            AvailableBytes = sample.MemoryLimitBytes is { } limit ? Value(limit - Math.Min(limit, workingSet)) : null,
            UsageBytes = Value(usage),
            RssBytes = Value(sample.RssBytes),
            PageFaults = Value(sample.PageFaults),
            MajorPageFaults = Value(sample.MajorPageFaults),
        };
    }

    public static Cri.SwapUsage? Swap(CgroupSample sample) => sample.SwapUsageBytes is not { } usage ? null : new Cri.SwapUsage
    {
        Timestamp = sample.Timestamp,
        SwapUsageBytes = Value(usage),
        SwapAvailableBytes = sample.SwapLimitBytes is { } limit ? Value(limit - Math.Min(limit, usage)) : null,
    };

    public static Cri.ProcessUsage? Process(CgroupSample sample) => sample.Processes is not { } count ? null : new Cri.ProcessUsage
    {
        Timestamp = sample.Timestamp,
        ProcessCount = Value(count),
    };

    public static Cri.FilesystemUsage WritableLayer(WritableLayerUsage usage, string mountpoint, long timestamp) => new()
    {
        Timestamp = timestamp,
        FsId = new Cri.FilesystemIdentifier { Mountpoint = mountpoint },
        UsedBytes = Value(usage.Bytes),
        InodesUsed = Value(usage.Inodes),
    };

    /// <summary>default_interface is eth0 (else the first interface); interfaces lists all of them; loopback is left out.</summary>
    public static Cri.NetworkUsage Network(IReadOnlyList<InterfaceCounters> interfaces, long timestamp)
    {
        var usable = interfaces.Where(i => i.Name != "lo").ToList();
        var usage = new Cri.NetworkUsage { Timestamp = timestamp };
        var main = usable.FirstOrDefault(i => i.Name == "eth0") ?? usable.FirstOrDefault();
        if (main is not null)
        {
            usage.DefaultInterface = Interface(main);
        }

        usage.Interfaces.Add(usable.Select(Interface));
        return usage;
    }

    private static Cri.NetworkInterfaceUsage Interface(InterfaceCounters counters) => new()
    {
        Name = counters.Name,
        RxBytes = Value(counters.RxBytes),
        RxErrors = Value(counters.RxErrors),
        TxBytes = Value(counters.TxBytes),
        TxErrors = Value(counters.TxErrors),
    };

    private static Cri.UInt64Value? Value(ulong? value) => value is { } v ? new Cri.UInt64Value { Value = v } : null;
}
