namespace Crisp.Core.Metrics;

/// <summary>A family whose samples are read at scrape time (process figures, zombie count, counters kept elsewhere).</summary>
public sealed class CallbackFamily(
    string collector, string name, string help, string type, string[] labelNames, Func<IEnumerable<(string[] LabelValues, double Value)>> read)
    : MetricFamily(collector, name, help, type)
{
    /// <summary>One unlabelled gauge read by <paramref name="read"/>.</summary>
    public static CallbackFamily Gauge(string collector, string name, string help, Func<double> read) =>
        new(collector, name, help, "gauge", [], () => [([], read())]);

    /// <summary>One unlabelled counter read by <paramref name="read"/>.</summary>
    public static CallbackFamily Counter(string collector, string name, string help, Func<double> read) =>
        new(collector, name, help, "counter", [], () => [([], read())]);

    public override void WriteTo(PrometheusTextWriter writer)
    {
        var samples = read().ToList();
        if (samples.Count == 0)
        {
            return;
        }

        writer.Family(Name, Help, Type);
        foreach (var (values, value) in samples)
        {
            CheckLabels(labelNames, values);
            writer.Sample(Name, labelNames, values, value);
        }
    }
}
