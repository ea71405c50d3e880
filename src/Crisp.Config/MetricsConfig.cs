namespace Crisp.Config;

/// <summary>The <c>[crio.metrics]</c> table: the Prometheus endpoint.</summary>
public sealed record MetricsConfig
{
    /// <summary>
    /// Every collector CRI-O 1.28 knows (its default selection), plus crisp's pseudo-collectors for the daemon's own
    /// figures: <c>process</c> (<c>process_*</c>) and <c>dotnet</c> (.NET GC and thread pool).
    /// </summary>
    public static ValueList<string> AllCollectors { get; } =
    [
        "operations", "operations_latency_microseconds_total", "operations_latency_microseconds",
        "operations_errors", "image_pulls_by_digest", "image_pulls_by_name", "image_pulls_by_name_skipped",
        "image_pulls_failures", "image_pulls_successes", "image_pulls_layer_size", "image_layer_reuse",
        "containers_events_dropped_total", "containers_oom_total", "containers_oom", "processes_defunct",
        "operations_total", "operations_latency_seconds", "operations_latency_seconds_total",
        "operations_errors_total", "image_pulls_bytes_total", "image_pulls_skipped_bytes_total",
        "image_pulls_failure_total", "image_pulls_success_total", "image_layer_reuse_total",
        "containers_oom_count_total", "containers_seccomp_notifier_count_total", "resources_stalled_at_stage",
        "process", "dotnet",
    ];

    /// <summary><c>enable_metrics</c>: serve metrics.</summary>
    public bool EnableMetrics { get; init; }

    /// <summary><c>metrics_collectors</c>: collectors to enable.</summary>
    public ValueList<string> MetricsCollectors { get; init; } = AllCollectors;

    /// <summary><c>metrics_host</c>: address the metrics server binds to.</summary>
    public string MetricsHost { get; init; } = "127.0.0.1";

    /// <summary><c>metrics_port</c>: TCP port of the metrics server.</summary>
    public int MetricsPort { get; init; } = 9090;

    /// <summary><c>metrics_socket</c>: Unix socket to serve metrics on as well ("" = none).</summary>
    public string MetricsSocket { get; init; } = "";

    /// <summary><c>metrics_cert</c>: TLS certificate for the metrics server ("" = plain HTTP).</summary>
    public string MetricsCert { get; init; } = "";

    /// <summary><c>metrics_key</c>: TLS key for <see cref="MetricsCert"/>.</summary>
    public string MetricsKey { get; init; } = "";
}
