namespace Crisp.Config.Schema;

/// <summary>Keys of the <c>[crio.tracing]</c> table.</summary>
internal static class TracingSchema
{
    public static TableSpec<TracingConfig> Table { get; } = new(
    [
        Key.Flag<TracingConfig>("enable_tracing", "Export OpenTelemetry traces.",
            c => c.EnableTracing, (c, v) => c with { EnableTracing = v }),
        Key.Text<TracingConfig>("tracing_endpoint", "OTLP/gRPC collector address.",
            c => c.TracingEndpoint, (c, v) => c with { TracingEndpoint = v }),
        Key.Int32<TracingConfig>("tracing_sampling_rate_per_million", "Spans sampled per million; 1000000 samples all.",
            c => c.TracingSamplingRatePerMillion, (c, v) => c with { TracingSamplingRatePerMillion = v }),
    ]);
}
