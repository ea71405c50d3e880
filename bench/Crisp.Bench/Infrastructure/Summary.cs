using System.Globalization;

namespace Crisp.Bench.Infrastructure;

/// <summary>Median, minimum, maximum and mean of some timings, in milliseconds.</summary>
internal sealed record Summary(int Count, double MedianMs, double MinMs, double MaxMs, double MeanMs, IReadOnlyList<double> SamplesMs)
{
    public static Summary Of(IEnumerable<double> samplesMs)
    {
        var samples = samplesMs.ToArray();
        if (samples.Length == 0)
        {
            return new Summary(0, double.NaN, double.NaN, double.NaN, double.NaN, []);
        }

        var sorted = samples.Order().ToArray();
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Summary(samples.Length, Round(median), Round(sorted[0]), Round(sorted[^1]), Round(samples.Average()), samples.Select(Round).ToArray());
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"median {MedianMs,8:0.0} ms   min {MinMs,8:0.0} ms   max {MaxMs,8:0.0} ms");

    private static double Round(double value) => Math.Round(value, 1);
}

/// <summary>The ratio of two medians, spelled for people.</summary>
internal static class Ratio
{
    /// <summary>"crisp/skopeo+umoci = 0.42 (crisp is 2.4x faster)".</summary>
    public static string Describe(string name, string peer, double ratio)
    {
        if (double.IsNaN(ratio) || ratio <= 0)
        {
            return $"{name}/{peer} = n/a";
        }

        var verdict = ratio < 1
            ? $"{name} is {1 / ratio:0.0#}x faster"
            : ratio > 1 ? $"{name} is {ratio:0.0#}x slower" : "the same";
        return string.Create(CultureInfo.InvariantCulture, $"{name}/{peer} = {ratio:0.00} ({verdict})");
    }
}
