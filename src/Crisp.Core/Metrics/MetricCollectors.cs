namespace Crisp.Core.Metrics;

/// <summary>
/// Matches <c>metrics_collectors</c> entries to crisp's families as CRI-O does: an entry may carry the
/// <c>container_runtime_</c> subsystem and the <c>crisp_</c> (or CRI-O's <c>crio_</c>) prefix or not. CRI-O's older
/// collector names (<c>operations</c>, <c>operations_errors</c>, …) select their current counterparts. Two
/// pseudo-collectors select the daemon's own figures: <c>process</c> (<c>process_*</c>) and <c>dotnet</c> (<c>dotnet_*</c>).
/// </summary>
public static class MetricCollectors
{
    public const string Subsystem = "container_runtime_";

    public const string Prefix = Subsystem + "crisp_";

    public const string Process = "process";

    public const string DotNet = "dotnet";

    private static readonly Dictionary<string, string> _legacy = new(StringComparer.Ordinal)
    {
        ["operations"] = "operations_total",
        ["operations_errors"] = "operations_errors_total",
        ["operations_latency_microseconds"] = "operations_latency_seconds",
        ["operations_latency_microseconds_total"] = "operations_latency_seconds_total",
        ["image_pulls_failures"] = "image_pulls_failure_total",
        ["image_pulls_successes"] = "image_pulls_success_total",
        ["image_layer_reuse"] = "image_layer_reuse_total",
        ["containers_oom"] = "containers_oom_count_total",
    };

    /// <summary>An entry without subsystem and prefix, with a legacy name mapped to its current one.</summary>
    public static string Normalize(string entry)
    {
        var name = entry.Trim();
        name = name.StartsWith(Subsystem, StringComparison.Ordinal) ? name[Subsystem.Length..] : name;
        foreach (var prefix in (ReadOnlySpan<string>)["crisp_", "crio_"])
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                name = name[prefix.Length..];
                break;
            }
        }

        return _legacy.GetValueOrDefault(name, name);
    }

    /// <summary>The set of normalized collector names the entries select.</summary>
    public static IReadOnlySet<string> Select(IEnumerable<string> entries) =>
        entries.Select(Normalize).ToHashSet(StringComparer.Ordinal);
}
