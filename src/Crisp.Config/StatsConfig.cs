namespace Crisp.Config;

/// <summary>The <c>[crio.stats]</c> table: container and pod statistics collection.</summary>
public sealed record StatsConfig
{
    /// <summary><c>stats_collection_period</c>: seconds between collections (0 = on demand). Older name of <see cref="CollectionPeriod"/>.</summary>
    public int StatsCollectionPeriod { get; init; }

    /// <summary><c>collection_period</c>: seconds between stats and metrics collections (0 = on demand).</summary>
    public int CollectionPeriod { get; init; }

    /// <summary><c>included_pod_metrics</c>: optional pod metric groups to report ("all" or a list).</summary>
    public ValueList<string> IncludedPodMetrics { get; init; } = ValueList<string>.Empty;
}
