namespace Crisp.Core.Metrics;

/// <summary>
/// Counters (or gauges set by the caller) by label values. Without label names the family has one sample from the start
/// (0); with label names a sample appears once its label combination is first used.
/// </summary>
public sealed class CounterFamily : MetricFamily
{
    private readonly string[] _labelNames;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string[] Values, double Value)> _cells = new(StringComparer.Ordinal);

    public CounterFamily(string collector, string name, string help, params string[] labelNames)
        : this(collector, name, help, "counter", labelNames)
    {
    }

    private CounterFamily(string collector, string name, string help, string type, string[] labelNames)
        : base(collector, name, help, type)
    {
        _labelNames = labelNames;
        if (labelNames.Length == 0)
        {
            _cells[""] = ([], 0);
        }
    }

    /// <summary>A family of gauges the caller sets.</summary>
    public static CounterFamily Gauge(string collector, string name, string help, params string[] labelNames) =>
        new(collector, name, help, "gauge", labelNames);

    /// <summary>Adds <paramref name="amount"/> (not negative) to the sample of <paramref name="labelValues"/>.</summary>
    public void Add(double amount, params string[] labelValues)
    {
        if (amount < 0 && Type == "counter")
        {
            throw new ArgumentOutOfRangeException(nameof(amount), "a counter only goes up");
        }

        CheckLabels(_labelNames, labelValues);
        var key = Key(labelValues);
        lock (_gate)
        {
            _cells[key] = (_cells.TryGetValue(key, out var cell) ? cell.Values : labelValues, cell.Value + amount);
        }
    }

    public void Increment(params string[] labelValues) => Add(1, labelValues);

    /// <summary>Sets a gauge's sample.</summary>
    public void Set(double value, params string[] labelValues)
    {
        CheckLabels(_labelNames, labelValues);
        lock (_gate)
        {
            _cells[Key(labelValues)] = (labelValues, value);
        }
    }

    /// <summary>The current value of one sample (0 when it has none).</summary>
    public double Value(params string[] labelValues)
    {
        lock (_gate)
        {
            return _cells.TryGetValue(Key(labelValues), out var cell) ? cell.Value : 0;
        }
    }

    public override void WriteTo(PrometheusTextWriter writer)
    {
        (string[] Values, double Value)[] cells;
        lock (_gate)
        {
            cells = [.. _cells.Values];
        }

        if (cells.Length == 0)
        {
            return;
        }

        writer.Family(Name, Help, Type);
        foreach (var (values, value) in cells.OrderBy(c => Key(c.Values), StringComparer.Ordinal))
        {
            writer.Sample(Name, _labelNames, values, value);
        }
    }
}
