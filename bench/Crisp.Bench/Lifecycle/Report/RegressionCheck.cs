using System.Globalization;
using System.Text.Json;

namespace Crisp.Bench.Lifecycle.Report;

/// <summary>
/// Compares a run with the newest earlier lifecycle-*.json of the same sizes (lifecycles, concurrency, containers) and
/// warns — never fails — where a crisp figure got more than 25 % worse (and by more than a noise floor: 1 ms, 2 MiB,
/// 0.5 pods/s) AND its ratio to containerd got more than 25 % worse too. Both must hold: a busier or quieter machine
/// moves both runtimes (the ratio stays), and a noisy containerd sample moves only the ratio. p99s (the slowest sample
/// at n = 30) and the memory-growth figure are too noisy to compare; monitor process counts are compared exactly.
/// Runs of fewer than <see cref="MinimumLifecycles"/> lifecycles (--quick) are not compared: their medians move by
/// more than the tolerance from one run to the next on a busy machine.
/// </summary>
internal static class RegressionCheck
{
    public const int MinimumLifecycles = 10;
    private const double Tolerance = 1.25;

    public static (string? ComparedWith, IReadOnlyList<string> Warnings) Run(string resultsDirectory, LifecycleReport current)
    {
        if (current.Settings.Lifecycles < MinimumLifecycles)
        {
            return (null, []);
        }

        var previous = FindPrevious(resultsDirectory, current);
        if (previous is null)
        {
            return (null, []);
        }

        var (path, report) = previous.Value;
        var warnings = new List<string>();
        var oldRows = report.Table.ToDictionary(r => r.Key, StringComparer.Ordinal);
        var newRows = current.Table.ToDictionary(r => r.Key, StringComparer.Ordinal);
        foreach (var contestant in current.Contestants.Where(c => c.Name != ContestantSpec.Containerd && c.Skipped is null))
        {
            var old = report.Contestants.FirstOrDefault(c => c.Name == contestant.Name);
            if (old is null || old.Skipped is not null)
            {
                continue;
            }

            foreach (var figure in contestant.Figures.Where(Comparable))
            {
                if (old.Figures.FirstOrDefault(f => f.Key == figure.Key) is not { } before || !Worse(figure, before.Value))
                {
                    continue;
                }

                var ratioNow = Ratio(newRows, figure.Key, contestant.Name);
                var ratioBefore = Ratio(oldRows, figure.Key, contestant.Name);
                var ratioText = ratioNow is { } n && ratioBefore is { } b ? string.Create(CultureInfo.InvariantCulture, $" (ratio to containerd {b:0.00} -> {n:0.00})") : "";
                if (figure.Unit == "procs" || ratioNow is null || ratioBefore is null || RatioWorse(figure.HigherIsBetter, ratioNow.Value, ratioBefore.Value))
                {
                    warnings.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{contestant.Name}: {figure.Label}: {before.Value} -> {figure.Value} {figure.Unit}{ratioText}"));
                }
            }
        }

        return (Path.GetFileName(path), warnings);
    }

    private static bool Comparable(Figure figure) =>
        !figure.Key.EndsWith(".p99", StringComparison.Ordinal) && !figure.Key.Contains("growth", StringComparison.Ordinal);

    private static double? Ratio(Dictionary<string, TableRow> rows, string key, string contestant) =>
        rows.TryGetValue(key, out var row) && row.RatiosToContainerd.TryGetValue(contestant, out var ratio) && ratio > 0 ? ratio : null;

    private static bool RatioWorse(bool higherIsBetter, double now, double before) =>
        higherIsBetter ? now < before / Tolerance : now > before * Tolerance;

    private static bool Worse(Figure now, double before)
    {
        if (now.Unit == "procs")
        {
            return now.Value > before;
        }

        var floor = now.Unit switch { "MiB" => 2.0, "pods/s" => 0.5, _ => 1.0 };
        return now.HigherIsBetter
            ? now.Value < before / Tolerance && before - now.Value > floor
            : now.Value > before * Tolerance && now.Value - before > floor;
    }

    private static (string Path, LifecycleReport Report)? FindPrevious(string resultsDirectory, LifecycleReport current)
    {
        if (!Directory.Exists(resultsDirectory))
        {
            return null;
        }

        foreach (var path in Directory.GetFiles(resultsDirectory, "lifecycle-*.json").OrderDescending(StringComparer.Ordinal))
        {
            LifecycleReport? report;
            try
            {
                report = LifecycleReportJsonContext.Deserialize(File.ReadAllText(path));
            }
            catch (JsonException e)
            {
                Console.Error.WriteLine($"bench: regression check: skipping {path}: {e.Message}");
                continue;
            }

            var s = report?.Settings;
            var c = current.Settings;
            if (report is not null && s is not null && report.Timestamp < current.Timestamp && s.Lifecycles == c.Lifecycles
                && s.Concurrency == c.Concurrency && s.ListContainers == c.ListContainers && s.ContainersPerPod == c.ContainersPerPod)
            {
                return (path, report);
            }
        }

        return null;
    }
}
