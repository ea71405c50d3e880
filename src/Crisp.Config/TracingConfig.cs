namespace Crisp.Config;

/// <summary>The <c>[crio.tracing]</c> table: OpenTelemetry export (accepted; crisp may not export yet).</summary>
public sealed record TracingConfig
{
    /// <summary><c>enable_tracing</c>: export traces.</summary>
    public bool EnableTracing { get; init; }

    /// <summary><c>tracing_endpoint</c>: OTLP/gRPC collector address.</summary>
    public string TracingEndpoint { get; init; } = "0.0.0.0:4317";

    /// <summary><c>tracing_sampling_rate_per_million</c>: spans sampled per million (1000000 = all).</summary>
    public int TracingSamplingRatePerMillion { get; init; }
}
