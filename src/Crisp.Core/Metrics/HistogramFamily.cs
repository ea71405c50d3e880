namespace Crisp.Core.Metrics;

/// <summary>
/// Histograms by label values: cumulative <c>_bucket{le}</c> counts ending with <c>le="+Inf"</c>, then <c>_sum</c> and
/// <c>_count</c>. With <c>summary</c> as the type it writes only <c>_sum</c> and <c>_count</c> (a summary without quantiles).
/// </summary>
public sealed class HistogramFamily : MetricFamily
{
    /// <summary>The Prometheus client default buckets, in seconds, extended to two minutes for slow pulls and stops.</summary>
    public static IReadOnlyList<double> LatencyBuckets { get; } = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

    private readonly string[] _labelNames;
    private readonly double[] _bounds;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Cell> _cells = new(StringComparer.Ordinal);

    public HistogramFamily(string collector, string name, string help, IReadOnlyList<double> bounds, params string[] labelNames)
        : this(collector, name, help, "histogram", bounds, labelNames)
    {
    }

    private HistogramFamily(string collector, string name, string help, string type, IReadOnlyList<double> bounds, string[] labelNames)
        : base(collector, name, help, type)
    {
        _labelNames = labelNames;
        _bounds = [.. bounds];
        for (var i = 1; i < _bounds.Length; i++)
        {
            if (!(_bounds[i] > _bounds[i - 1]))
            {
                throw new ArgumentException($"{name}: bucket bounds must increase", nameof(bounds));
            }
        }

        if (labelNames.Length == 0)
        {
            _cells[""] = new Cell([], _bounds.Length);
        }
    }

    /// <summary>A summary that reports only its sum and count.</summary>
    public static HistogramFamily Summary(string collector, string name, string help, params string[] labelNames) =>
        new(collector, name, help, "summary", [], labelNames);

    public void Observe(double value, params string[] labelValues)
    {
        CheckLabels(_labelNames, labelValues);
        var key = Key(labelValues);
        lock (_gate)
        {
            if (!_cells.TryGetValue(key, out var cell))
            {
                cell = new Cell(labelValues, _bounds.Length);
                _cells[key] = cell;
            }

            var bucket = 0;
            while (bucket < _bounds.Length && value > _bounds[bucket])
            {
                bucket++;
            }

            cell.Counts[bucket]++;
            cell.Sum += value;
        }
    }

    /// <summary>How many observations one label combination has (0 when none).</summary>
    public long Count(params string[] labelValues)
    {
        lock (_gate)
        {
            return _cells.TryGetValue(Key(labelValues), out var cell) ? cell.Counts.Sum() : 0;
        }
    }

    public override void WriteTo(PrometheusTextWriter writer)
    {
        (string[] Values, long[] Counts, double Sum)[] cells;
        lock (_gate)
        {
            cells = [.. _cells.Values.Select(c => (c.Values, (long[])c.Counts.Clone(), c.Sum))];
        }

        if (cells.Length == 0)
        {
            return;
        }

        writer.Family(Name, Help, Type);
        foreach (var (values, counts, sum) in cells.OrderBy(c => Key(c.Values), StringComparer.Ordinal))
        {
            long cumulative = 0;
            if (Type == "histogram")
            {
                for (var i = 0; i < _bounds.Length; i++)
                {
                    cumulative += counts[i];
                    writer.Sample(Name + "_bucket", _labelNames, values, cumulative, "le", PrometheusTextWriter.FormatValue(_bounds[i]));
                }

                writer.Sample(Name + "_bucket", _labelNames, values, cumulative + counts[^1], "le", "+Inf");
            }

            writer.Sample(Name + "_sum", _labelNames, values, sum);
            writer.Sample(Name + "_count", _labelNames, values, counts.Sum());
        }
    }

    private sealed class Cell(string[] values, int bounds)
    {
        public string[] Values { get; } = values;

        /// <summary>Per bucket (not cumulative); the last one is above every bound.</summary>
        public long[] Counts { get; } = new long[bounds + 1];

        public double Sum { get; set; }
    }
}
