using System.Text.Json.Serialization;

namespace Crisp.Oci.Spec.Model;

/// <summary>cgroup limits.</summary>
public sealed record LinuxResources
{
    /// <summary>Device cgroup rules, applied in order (later rules win).</summary>
    public IReadOnlyList<LinuxDeviceCgroup>? Devices { get; init; }

    public LinuxMemory? Memory { get; init; }

    public LinuxCpu? Cpu { get; init; }

    public LinuxPids? Pids { get; init; }

    [JsonPropertyName("blockIO")]
    public LinuxBlockIo? BlockIo { get; init; }

    public IReadOnlyList<HugepageLimit>? HugepageLimits { get; init; }

    /// <summary>Raw cgroup v2 files (cgroup v2 only).</summary>
    public IReadOnlyDictionary<string, string>? Unified { get; init; }
}

/// <summary>One device cgroup rule.</summary>
public sealed record LinuxDeviceCgroup
{
    public bool Allow { get; init; }

    public string? Type { get; init; }

    public long? Major { get; init; }

    public long? Minor { get; init; }

    public string? Access { get; init; }
}

/// <summary>Memory cgroup settings, in bytes.</summary>
public sealed record LinuxMemory
{
    public long? Limit { get; init; }

    public long? Reservation { get; init; }

    /// <summary>Memory plus swap limit.</summary>
    public long? Swap { get; init; }

    public ulong? Swappiness { get; init; }

    [JsonPropertyName("disableOOMKiller")]
    public bool? DisableOomKiller { get; init; }
}

/// <summary>CPU cgroup settings.</summary>
public sealed record LinuxCpu
{
    public ulong? Shares { get; init; }

    public long? Quota { get; init; }

    public ulong? Period { get; init; }

    public long? RealtimeRuntime { get; init; }

    public ulong? RealtimePeriod { get; init; }

    public string? Cpus { get; init; }

    public string? Mems { get; init; }
}

/// <summary>Process-count limit.</summary>
public sealed record LinuxPids
{
    public long Limit { get; init; }
}

/// <summary>Hugetlb limit for one page size ("2MB", "1GB").</summary>
public sealed record HugepageLimit
{
    public required string PageSize { get; init; }

    public ulong Limit { get; init; }
}

/// <summary>Block I/O weights and throttles.</summary>
public sealed record LinuxBlockIo
{
    public ushort? Weight { get; init; }

    public ushort? LeafWeight { get; init; }

    public IReadOnlyList<LinuxWeightDevice>? WeightDevice { get; init; }

    public IReadOnlyList<LinuxThrottleDevice>? ThrottleReadBpsDevice { get; init; }

    public IReadOnlyList<LinuxThrottleDevice>? ThrottleWriteBpsDevice { get; init; }

    [JsonPropertyName("throttleReadIOPSDevice")]
    public IReadOnlyList<LinuxThrottleDevice>? ThrottleReadIopsDevice { get; init; }

    [JsonPropertyName("throttleWriteIOPSDevice")]
    public IReadOnlyList<LinuxThrottleDevice>? ThrottleWriteIopsDevice { get; init; }
}

/// <summary>Per-device block I/O weight.</summary>
public sealed record LinuxWeightDevice
{
    public long Major { get; init; }

    public long Minor { get; init; }

    public ushort? Weight { get; init; }

    public ushort? LeafWeight { get; init; }
}

/// <summary>Per-device block I/O rate limit.</summary>
public sealed record LinuxThrottleDevice
{
    public long Major { get; init; }

    public long Minor { get; init; }

    public ulong Rate { get; init; }
}
