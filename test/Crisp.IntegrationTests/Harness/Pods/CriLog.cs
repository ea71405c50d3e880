using System.Text;
using System.Text.RegularExpressions;

namespace Crisp.IntegrationTests.Harness.Pods;

/// <summary>One line of a CRI container log file: <c>&lt;RFC3339Nano&gt; &lt;stdout|stderr&gt; &lt;P|F&gt; &lt;content&gt;</c>.</summary>
public sealed record CriLogLine(string Timestamp, string Stream, bool Partial, string Content)
{
    public override string ToString() => $"{Timestamp} {Stream} {(Partial ? 'P' : 'F')} {Content}";
}

/// <summary>Reads and checks CRI log files (what the kubelet's log parser expects).</summary>
public static partial class CriLog
{
    /// <summary>The lines of <paramref name="path"/> (empty when it does not exist yet); a line not in CRI format fails the test.</summary>
    public static IReadOnlyList<CriLogLine> Read(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var text = File.ReadAllText(path, Encoding.UTF8);
        var lines = new List<CriLogLine>();
        var end = text.LastIndexOf('\n'); // a last line without its newline is still being written
        if (end < 0)
        {
            return lines;
        }

        foreach (var line in text[..end].Split('\n'))
        {
            var match = LinePattern().Match(line);
            if (!match.Success)
            {
                throw new FormatException($"not a CRI log line in {path}: \"{line}\"");
            }

            lines.Add(new CriLogLine(match.Groups["time"].Value, match.Groups["stream"].Value, match.Groups["tag"].Value == "P", match.Groups["content"].Value));
        }

        return lines;
    }

    /// <summary>The text a stream printed: partial lines joined to the next one, full lines ended by a newline.</summary>
    public static string Text(IEnumerable<CriLogLine> lines, string stream = "stdout")
    {
        var text = new StringBuilder();
        foreach (var line in lines.Where(l => l.Stream == stream))
        {
            text.Append(line.Content);
            if (!line.Partial)
            {
                text.Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>Whether the log has a full line <paramref name="content"/> on <paramref name="stream"/>.</summary>
    public static bool HasLine(string path, string content, string stream = "stdout") =>
        Read(path).Any(l => l.Stream == stream && !l.Partial && l.Content == content);

    [GeneratedRegex(@"^(?<time>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})) (?<stream>stdout|stderr) (?<tag>[PF]) (?<content>.*)$", RegexOptions.Singleline)]
    private static partial Regex LinePattern();
}
