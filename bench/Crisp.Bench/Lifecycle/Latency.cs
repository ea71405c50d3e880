namespace Crisp.Bench.Lifecycle;

/// <summary>Timings of one operation in milliseconds: median and p99 (nearest rank), min, max, mean, and the samples in order.</summary>
internal sealed record Latency(int Count, double MedianMs, double P99Ms, double MinMs, double MaxMs, double MeanMs, IReadOnlyList<double> SamplesMs)
{
    public static Latency Of(IEnumerable<double> samplesMs)
    {
        var samples = samplesMs.ToArray();
        if (samples.Length == 0)
        {
            return new Latency(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, []);
        }

        var sorted = samples.Order().ToArray();
        return new Latency(samples.Length, Round(Median(sorted)), Round(NearestRank(sorted, 0.99)), Round(sorted[0]), Round(sorted[^1]),
            Round(samples.Average()), [.. samples.Select(Round)]);
    }

    public static double Median(IReadOnlyList<double> sorted)
    {
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>The smallest sample with at least <paramref name="fraction"/> of the samples at or below it (with 30 samples, p99 is the maximum).</summary>
    public static double NearestRank(IReadOnlyList<double> sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static double Round(double value) => Math.Round(value, 2);
}
