namespace Crisp.Config.Schema;

/// <summary>Keys of the <c>[crio.metrics]</c> table.</summary>
internal static class MetricsSchema
{
    public static TableSpec<MetricsConfig> Table { get; } = new(
    [
        Key.Flag<MetricsConfig>("enable_metrics", "Serve Prometheus metrics.",
            c => c.EnableMetrics, (c, v) => c with { EnableMetrics = v }),
        Key.List<MetricsConfig>("metrics_collectors", "Metric collectors to enable.",
            c => c.MetricsCollectors, (c, v) => c with { MetricsCollectors = v }),
        Key.Text<MetricsConfig>("metrics_host", "Address the metrics server binds to.",
            c => c.MetricsHost, (c, v) => c with { MetricsHost = v }),
        Key.Int32<MetricsConfig>("metrics_port", "TCP port of the metrics server.",
            c => c.MetricsPort, (c, v) => c with { MetricsPort = v }),
        Key.Text<MetricsConfig>("metrics_socket", "Unix socket that also serves metrics; empty for none.",
            c => c.MetricsSocket, (c, v) => c with { MetricsSocket = v }),
        Key.Text<MetricsConfig>("metrics_cert", "TLS certificate of the metrics server; empty serves plain HTTP.",
            c => c.MetricsCert, (c, v) => c with { MetricsCert = v }),
        Key.Text<MetricsConfig>("metrics_key", "TLS private key of the metrics server.",
            c => c.MetricsKey, (c, v) => c with { MetricsKey = v }),
    ]);
}
