using System.Globalization;
using System.Text;

namespace Crisp.Bench.Lifecycle.Report;

/// <summary>
/// The comparison table: one row per figure, one column per contestant, and after each crisp column the ratio
/// crisp/containerd (below 1 is better for times and memory; above 1 is better for pods/s).
/// </summary>
internal static class ReportTable
{
    public static IReadOnlyList<TableRow> Rows(IReadOnlyList<ContestantReport> contestants)
    {
        var rows = new List<TableRow>();
        var baseline = contestants.FirstOrDefault(c => c.Name == ContestantSpec.Containerd);
        foreach (var key in contestants.SelectMany(c => c.Figures).Select(f => f.Key).Distinct(StringComparer.Ordinal))
        {
            var first = contestants.SelectMany(c => c.Figures).First(f => f.Key == key);
            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            var ratios = new Dictionary<string, double>(StringComparer.Ordinal);
            var peer = baseline?.Figures.FirstOrDefault(f => f.Key == key)?.Value;
            foreach (var contestant in contestants)
            {
                if (contestant.Figures.FirstOrDefault(f => f.Key == key) is not { } figure)
                {
                    continue;
                }

                values[contestant.Name] = figure.Value;
                if (contestant.Name != ContestantSpec.Containerd && peer is > 0)
                {
                    ratios[contestant.Name] = Math.Round(figure.Value / peer.Value, 3);
                }
            }

            rows.Add(new TableRow(key, first.Label, first.Unit, first.HigherIsBetter, values, ratios));
        }

        return rows;
    }

    public static string Format(IReadOnlyList<TableRow> rows, IReadOnlyList<ContestantReport> contestants)
    {
        var names = contestants.Where(c => c.Skipped is null).Select(c => c.Name).ToList();
        const int labelWidth = 50;
        var text = new StringBuilder();
        var header = new StringBuilder($"{"figure",-labelWidth} {"unit",-6}");
        foreach (var name in names)
        {
            header.Append(CultureInfo.InvariantCulture, $" {name,15}");
            if (name != ContestantSpec.Containerd)
            {
                header.Append(CultureInfo.InvariantCulture, $" {"/ctrd",7}");
            }
        }

        text.AppendLine(header.ToString());
        text.AppendLine(new string('-', header.Length));
        foreach (var row in rows)
        {
            var label = row.Label.Length > labelWidth ? row.Label[..labelWidth] : row.Label;
            var line = new StringBuilder($"{label,-labelWidth} {row.Unit,-6}");
            foreach (var name in names)
            {
                line.Append(row.Values.TryGetValue(name, out var value) ? string.Create(CultureInfo.InvariantCulture, $" {Number(value),15}") : $" {"-",15}");
                if (name != ContestantSpec.Containerd)
                {
                    line.Append(row.RatiosToContainerd.TryGetValue(name, out var ratio)
                        ? string.Create(CultureInfo.InvariantCulture, $" {ratio,6:0.00}{Mark(ratio, row.HigherIsBetter)}")
                        : $" {"-",7}");
                }
            }

            text.AppendLine(line.ToString());
        }

        text.AppendLine("ratio = crisp / containerd; '+' marks where crisp is better (lower time or memory, higher pods/s), '-' where it is worse.");
        return text.ToString();
    }

    private static string Number(double value) => value >= 100
        ? value.ToString("0", CultureInfo.InvariantCulture)
        : value.ToString("0.0#", CultureInfo.InvariantCulture);

    private static string Mark(double ratio, bool higherIsBetter) =>
        Math.Abs(ratio - 1) < 0.005 ? " " : (ratio < 1) != higherIsBetter ? "+" : "-";
}
