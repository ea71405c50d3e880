using System.Globalization;
using Crisp.Oci.Spec.Model;
using Runtime.V1;
using HugepageLimit = Crisp.Oci.Spec.Model.HugepageLimit;

namespace Crisp.Oci.Spec.Building;

/// <summary>
/// cgroup limits from the CRI resources, as CRI-O sets them: CPU shares/quota/period and cpusets; a memory
/// limit (never below the runtime's minimum) with memory+swap equal to it unless the kubelet gives a swap
/// limit (and only where swap is accounted); hugepage limits where the hugetlb controller exists; raw
/// unified entries on cgroup v2 only; crio.conf's pids_limit where the pids controller exists.
/// </summary>
internal static class ResourceLimits
{
    /// <summary>runc's (and CRI-O's default) smallest allowed container memory limit.</summary>
    public const long DefaultMinimumMemory = 12 * 1024 * 1024;

    public static LinuxResources Build(
        LinuxContainerResources? resources,
        IReadOnlyList<LinuxDeviceCgroup> deviceRules,
        long pidsLimit,
        long minimumMemory,
        SpecHostFacts host)
    {
        return new LinuxResources
        {
            Devices = deviceRules,
            Cpu = Cpu(resources),
            Memory = Memory(resources, minimumMemory, host.SwapAccounting),
            Pids = pidsLimit > 0 && host.PidsController ? new LinuxPids { Limit = pidsLimit } : null,
            HugepageLimits = host.HugetlbController && resources?.HugepageLimits.Count > 0
                ? resources.HugepageLimits.Select(h => new HugepageLimit { PageSize = h.PageSize, Limit = h.Limit }).ToList()
                : null,
            Unified = host.CgroupV2 && resources?.Unified.Count > 0
                ? resources.Unified.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)
                : null,
        };
    }

    /// <summary>Parses container_min_memory ("12MiB", "12m", "12582912"); empty = 12 MiB.</summary>
    public static long ParseMinimumMemory(string text)
    {
        text = text.Trim();
        if (text.Length == 0)
        {
            return DefaultMinimumMemory;
        }

        var digits = text.TakeWhile(c => char.IsAsciiDigit(c) || c == '.').Count();
        if (digits == 0 || !double.TryParse(text[..digits], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            throw new ContainerSpecException($"invalid container_min_memory \"{text}\"");
        }

        var unit = text[digits..].Trim().ToLowerInvariant().TrimEnd('b').TrimEnd('i');
        var multiplier = unit switch
        {
            "" => 1L,
            "k" => 1L << 10,
            "m" => 1L << 20,
            "g" => 1L << 30,
            "t" => 1L << 40,
            _ => throw new ContainerSpecException($"invalid container_min_memory \"{text}\""),
        };
        return (long)(number * multiplier);
    }

    private static LinuxCpu? Cpu(LinuxContainerResources? r)
    {
        if (r is null)
        {
            return null;
        }

        var cpu = new LinuxCpu
        {
            Shares = r.CpuShares > 0 ? (ulong)r.CpuShares : null,
            Quota = r.CpuQuota != 0 ? r.CpuQuota : null,
            Period = r.CpuPeriod > 0 ? (ulong)r.CpuPeriod : null,
            Cpus = string.IsNullOrEmpty(r.CpusetCpus) ? null : r.CpusetCpus,
            Mems = string.IsNullOrEmpty(r.CpusetMems) ? null : r.CpusetMems,
        };
        return cpu == new LinuxCpu() ? null : cpu;
    }

    private static LinuxMemory? Memory(LinuxContainerResources? r, long minimumMemory, bool swapAccounting)
    {
        var limit = r?.MemoryLimitInBytes ?? 0;
        if (limit == 0)
        {
            return null;
        }

        if (limit > 0 && limit < minimumMemory)
        {
            throw new ContainerSpecException($"container's memory limit {limit} bytes is lower than the minimum of {minimumMemory} bytes");
        }

        var swap = limit;
        var swapLimit = r!.MemorySwapLimitInBytes;
        if (swapLimit != 0)
        {
            if (swapLimit > 0 && swapLimit < limit)
            {
                throw new ContainerSpecException($"memory swap limit ({swapLimit}) cannot be lower than memory limit ({limit})");
            }

            swap = swapLimit;
        }

        return new LinuxMemory { Limit = limit, Swap = swapAccounting ? swap : null };
    }
}
