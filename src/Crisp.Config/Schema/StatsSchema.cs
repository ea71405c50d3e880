namespace Crisp.Config.Schema;

/// <summary>Keys of the <c>[crio.stats]</c> table.</summary>
internal static class StatsSchema
{
    public static TableSpec<StatsConfig> Table { get; } = new(
    [
        Key.Int32<StatsConfig>("stats_collection_period", "Seconds between stats collections; 0 collects on demand (older name of collection_period).",
            c => c.StatsCollectionPeriod, (c, v) => c with { StatsCollectionPeriod = v }),
        Key.Int32<StatsConfig>("collection_period", "Seconds between stats and pod metrics collections; 0 collects on demand.",
            c => c.CollectionPeriod, (c, v) => c with { CollectionPeriod = v }),
        Key.List<StatsConfig>("included_pod_metrics", "Optional pod metric groups to report, or [\"all\"].",
            c => c.IncludedPodMetrics, (c, v) => c with { IncludedPodMetrics = v }),
    ]);
}
