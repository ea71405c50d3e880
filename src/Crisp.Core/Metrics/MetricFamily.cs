namespace Crisp.Core.Metrics;

/// <summary>
/// One named metric with its help text and type, and the collector (a <c>metrics_collectors</c> entry) that selects it.
/// </summary>
public abstract class MetricFamily(string collector, string name, string help, string type)
{
    /// <summary>The <c>metrics_collectors</c> name that enables this family (without prefix).</summary>
    public string Collector { get; } = collector;

    /// <summary>The full metric name on the page.</summary>
    public string Name { get; } = name;

    public string Help { get; } = help;

    /// <summary>counter, gauge, histogram or summary.</summary>
    public string Type { get; } = type;

    /// <summary>Writes the family; a family with no samples writes nothing (as Prometheus clients do).</summary>
    public abstract void WriteTo(PrometheusTextWriter writer);

    /// <summary>The key of one label combination.</summary>
    protected static string Key(IReadOnlyList<string> values) => string.Join('\u0001', values);

    protected void CheckLabels(IReadOnlyList<string> names, IReadOnlyList<string> values)
    {
        if (names.Count != values.Count)
        {
            throw new ArgumentException($"{Name} has {names.Count} labels, not {values.Count}");
        }
    }
}
