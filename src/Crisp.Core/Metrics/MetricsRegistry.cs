namespace Crisp.Core.Metrics;

/// <summary>The families crisp exposes; writes those the selected collectors enable, in registration order.</summary>
public sealed class MetricsRegistry
{
    private readonly List<MetricFamily> _families = [];
    private readonly Lock _gate = new();

    public T Add<T>(T family)
        where T : MetricFamily
    {
        lock (_gate)
        {
            if (_families.Any(f => f.Name == family.Name))
            {
                throw new ArgumentException($"metric {family.Name} is registered twice", nameof(family));
            }

            _families.Add(family);
        }

        return family;
    }

    public IReadOnlyList<MetricFamily> Families
    {
        get
        {
            lock (_gate)
            {
                return [.. _families];
            }
        }
    }

    /// <summary>Writes the page for the collectors in <paramref name="selected"/> (normalized names, see <see cref="MetricCollectors"/>).</summary>
    public void WriteTo(TextWriter output, IReadOnlySet<string> selected)
    {
        var writer = new PrometheusTextWriter(output);
        foreach (var family in Families)
        {
            if (selected.Contains(family.Collector))
            {
                family.WriteTo(writer);
            }
        }
    }

    /// <summary>The page as a string.</summary>
    public string Render(IReadOnlySet<string> selected)
    {
        using var output = new StringWriter();
        WriteTo(output, selected);
        return output.ToString();
    }
}
