using Crisp.Core.Metrics;
using Shouldly;

namespace Crisp.Unit.Tests.Metrics;

public sealed class PrometheusTextWriterTests
{
    private static readonly IReadOnlySet<string> _all = new HashSet<string>(["c"]);

    [Fact]
    public void LabelValue_EscapesBackslashQuoteAndNewline()
    {
        var registry = new MetricsRegistry();
        registry.Add(new CounterFamily("c", "x_total", "help", "name")).Increment("a\\b\"c\nd");

        registry.Render(_all).ShouldBe("# HELP x_total help\n# TYPE x_total counter\nx_total{name=\"a\\\\b\\\"c\\nd\"} 1\n");
    }

    [Fact]
    public void Help_EscapesBackslashAndNewlineButNotQuotes() =>
        PrometheusTextWriter.EscapeHelp("a\\b\n\"c\"").ShouldBe("a\\\\b\\n\"c\"");

    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(3.0, "3")]
    [InlineData(0.25, "0.25")]
    [InlineData(1e10, "10000000000")]
    public void FormatValue_AsTheFormatSpellsIt(double value, string expected) =>
        PrometheusTextWriter.FormatValue(value).ShouldBe(expected);

    [Fact]
    public void Histogram_BucketsAreCumulativeAndEndWithInf()
    {
        var registry = new MetricsRegistry();
        var histogram = registry.Add(new HistogramFamily("c", "lat_seconds", "latency", [0.1, 1], "operation"));
        histogram.Observe(0.05, "Version");
        histogram.Observe(0.1, "Version");
        histogram.Observe(0.5, "Version");
        histogram.Observe(7, "Version");

        registry.Render(_all).ShouldBe(
            "# HELP lat_seconds latency\n# TYPE lat_seconds histogram\n" +
            "lat_seconds_bucket{operation=\"Version\",le=\"0.1\"} 2\n" +
            "lat_seconds_bucket{operation=\"Version\",le=\"1\"} 3\n" +
            "lat_seconds_bucket{operation=\"Version\",le=\"+Inf\"} 4\n" +
            "lat_seconds_sum{operation=\"Version\"} 7.65\n" +
            "lat_seconds_count{operation=\"Version\"} 4\n");
    }

    [Fact]
    public void Summary_WritesOnlySumAndCount()
    {
        var registry = new MetricsRegistry();
        registry.Add(HistogramFamily.Summary("c", "s_seconds", "help", "operation")).Observe(2, "Status");

        registry.Render(_all).ShouldBe(
            "# HELP s_seconds help\n# TYPE s_seconds summary\ns_seconds_sum{operation=\"Status\"} 2\ns_seconds_count{operation=\"Status\"} 1\n");
    }

    [Fact]
    public void LabelledFamily_WithoutSamples_WritesNothing_UnlabelledStartsAtZero()
    {
        var registry = new MetricsRegistry();
        registry.Add(new CounterFamily("c", "labelled_total", "help", "operation"));
        registry.Add(new CounterFamily("c", "plain_total", "help"));

        registry.Render(_all).ShouldBe("# HELP plain_total help\n# TYPE plain_total counter\nplain_total 0\n");
    }

    [Fact]
    public void Counter_RefusesToGoDown() =>
        Should.Throw<ArgumentOutOfRangeException>(() => new CounterFamily("c", "x_total", "help").Add(-1));

    [Fact]
    public void Counter_WrongLabelCount_Throws() =>
        Should.Throw<ArgumentException>(() => new CounterFamily("c", "x_total", "help", "a").Increment("1", "2"));

    [Fact]
    public void Registry_SameNameTwice_Throws()
    {
        var registry = new MetricsRegistry();
        registry.Add(new CounterFamily("c", "x_total", "help"));
        Should.Throw<ArgumentException>(() => registry.Add(new CounterFamily("d", "x_total", "help")));
    }
}
