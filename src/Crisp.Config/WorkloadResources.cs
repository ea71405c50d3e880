namespace Crisp.Config;

/// <summary>The <c>[crio.runtime.workloads.&lt;name&gt;.resources]</c> table: default resource overrides.</summary>
public sealed record WorkloadResources
{
    /// <summary><c>cpushares</c>: CPU shares (0 = unset).</summary>
    public long CpuShares { get; init; }

    /// <summary><c>cpuquota</c>: CFS quota in microseconds (0 = unset).</summary>
    public long CpuQuota { get; init; }

    /// <summary><c>cpuperiod</c>: CFS period in microseconds (0 = unset).</summary>
    public long CpuPeriod { get; init; }

    /// <summary><c>cpuset</c>: CPU list, e.g. "0-3" ("" = unset).</summary>
    public string CpuSet { get; init; } = "";

    /// <summary><c>cpulimit</c>: CPU limit in millicores (0 = unset).</summary>
    public long CpuLimit { get; init; }
}
