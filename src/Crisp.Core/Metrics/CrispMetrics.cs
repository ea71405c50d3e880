using Crisp.Images.Pull;

namespace Crisp.Core.Metrics;

/// <summary>
/// crisp's metrics under <c>container_runtime_crisp_</c>, with CRI-O's names, types and labels: CRI operations and
/// their latency and errors, image pulls, layer reuse, OOM kills, dropped container events and zombie processes;
/// plus the daemon's <c>process_*</c> and <c>dotnet_*</c> figures (<see cref="RuntimeMetrics"/>).
/// </summary>
public sealed class CrispMetrics : IPullMetrics, IContainerMetrics
{
    /// <summary>CRI-O's layer-size buckets in bytes: 1 KiB, 1 MiB, 10, 50, 100, 200, 300, 400, 500 MiB, 1 GiB, 10 GiB (decimal, as CRI-O counts).</summary>
    public static IReadOnlyList<double> LayerSizeBuckets { get; } =
        [1e3, 1e6, 10e6, 50e6, 100e6, 200e6, 300e6, 400e6, 500e6, 1e9, 10e9];

    private readonly CounterFamily _operations;
    private readonly HistogramFamily _latency;
    private readonly HistogramFamily _latencyTotal;
    private readonly CounterFamily _errors;
    private readonly CounterFamily _pullBytes;
    private readonly CounterFamily _skippedBytes;
    private readonly CounterFamily _pullSuccesses;
    private readonly CounterFamily _pullFailures;
    private readonly HistogramFamily _layerSize;
    private readonly CounterFamily _layerReuse;
    private readonly CounterFamily _oomTotal;
    private readonly CounterFamily _oomByName;

    /// <param name="eventsDropped">Reads how many container events were dropped so far (the event broadcaster's count).</param>
    public CrispMetrics(Func<long> eventsDropped)
    {
        Registry = new MetricsRegistry();
        _operations = Counter("operations_total", "Cumulative number of crisp operations by operation type.", "operation");
        _latency = Histogram("operations_latency_seconds",
            "Latency in seconds of individual CRI calls for crisp operations. Broken down by operation type.",
            HistogramFamily.LatencyBuckets, "operation");
        _latencyTotal = Registry.Add(HistogramFamily.Summary("operations_latency_seconds_total", Name("operations_latency_seconds_total"),
            "Latency in seconds of crisp operations. Broken down by operation type.", "operation"));
        _errors = Counter("operations_errors_total", "Cumulative number of crisp operation errors by operation type.", "operation");
        _pullBytes = Counter("image_pulls_bytes_total", "Bytes transferred by crisp image pulls.", "mediatype", "size");
        _skippedBytes = Counter("image_pulls_skipped_bytes_total", "Bytes skipped by crisp image pulls.", "size");
        _pullFailures = Counter("image_pulls_failure_total", "Cumulative number of crisp image pull failures by error.", "error");
        _pullSuccesses = Counter("image_pulls_success_total", "Cumulative number of crisp image pull successes.");
        _layerSize = Histogram("image_pulls_layer_size", "Bytes transferred by crisp image pulls per layer.", LayerSizeBuckets);
        _layerReuse = Counter("image_layer_reuse_total", "Reused (not pulled) local image layer count by name.", "name");
        Registry.Add(CallbackFamily.Counter("containers_events_dropped_total", Name("containers_events_dropped_total"),
            "Amount of container events dropped.", () => eventsDropped()));
        _oomTotal = Counter("containers_oom_total", "Amount of containers killed because they ran out of memory (OOM).");
        _oomByName = Counter("containers_oom_count_total",
            "Amount of containers killed because they ran out of memory (OOM) by their name.", "name");
        Registry.Add(CallbackFamily.Gauge("processes_defunct", Name("processes_defunct"), "Total number of defunct processes in the node.",
            () => DefunctProcesses.Count()));
        RuntimeMetrics.Register(Registry);
    }

    public MetricsRegistry Registry { get; }

    /// <summary>The full name of a collector's metric: <c>container_runtime_crisp_</c> + <paramref name="collector"/>.</summary>
    public static string Name(string collector) => MetricCollectors.Prefix + collector;

    /// <summary>A CRI call (<paramref name="operation"/> = the RPC name, e.g. <c>Version</c>) finished.</summary>
    public void OperationCompleted(string operation, TimeSpan elapsed, bool failed)
    {
        _operations.Increment(operation);
        _latency.Observe(elapsed.TotalSeconds, operation);
        _latencyTotal.Observe(elapsed.TotalSeconds, operation);
        if (failed)
        {
            _errors.Increment(operation);
        }
    }

    public void LayerPulled(string mediaType, long bytes)
    {
        _pullBytes.Add(bytes, mediaType, SizeLabel(bytes));
        _layerSize.Observe(bytes);
    }

    public void LayerReused(string chainId, long bytes)
    {
        _layerReuse.Increment(chainId);
        _skippedBytes.Add(bytes, SizeLabel(bytes));
    }

    public void PullSucceeded() => _pullSuccesses.Increment();

    public void PullFailed(ImagePullFailure failure) => _pullFailures.Increment(FailureLabel(failure));

    public void ContainerOomKilled(string name)
    {
        _oomTotal.Increment();
        _oomByName.Increment(name);
    }

    /// <summary>CRI-O's size label: the largest of its size steps the layer exceeds (<c>&gt;1 MiB</c>, …), or <c>&gt;0 B</c>.</summary>
    public static string SizeLabel(double bytes)
    {
        (double Bound, string Label)[] steps =
        [
            (10e9, ">10 GiB"), (1e9, ">1 GiB"), (500e6, ">500 MiB"), (400e6, ">400 MiB"), (300e6, ">300 MiB"),
            (200e6, ">200 MiB"), (100e6, ">100 MiB"), (50e6, ">50 MiB"), (10e6, ">10 MiB"), (1e6, ">1 MiB"), (1e3, ">1 KiB"),
        ];
        foreach (var (bound, label) in steps)
        {
            if (bytes > bound)
            {
                return label;
            }
        }

        return ">0 B";
    }

    /// <summary>CRI-O's error categories for failed pulls.</summary>
    public static string FailureLabel(ImagePullFailure failure) => failure switch
    {
        ImagePullFailure.InvalidReference => "NAME_INVALID",
        ImagePullFailure.NotAllowed => "DENIED",
        ImagePullFailure.NotFound => "NOT_FOUND",
        ImagePullFailure.Unauthorized => "UNAUTHORIZED",
        ImagePullFailure.BadContent => "MANIFEST_INVALID",
        ImagePullFailure.Unavailable => "UNAVAILABLE",
        _ => "UNKNOWN",
    };

    private CounterFamily Counter(string collector, string help, params string[] labelNames) =>
        Registry.Add(new CounterFamily(collector, Name(collector), help, labelNames));

    private HistogramFamily Histogram(string collector, string help, IReadOnlyList<double> bounds, params string[] labelNames) =>
        Registry.Add(new HistogramFamily(collector, Name(collector), help, bounds, labelNames));
}
