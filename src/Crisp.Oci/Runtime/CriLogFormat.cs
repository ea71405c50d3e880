using System.Text;

namespace Crisp.Oci.Runtime;

/// <summary>One line of a CRI log file: <c>&lt;RFC3339Nano&gt; &lt;stdout|stderr&gt; &lt;P|F&gt; &lt;content&gt;</c>.</summary>
public sealed record CriLogLine(string Timestamp, string Stream, bool Partial, byte[] Content)
{
    public string Text => Encoding.UTF8.GetString(Content);
}

/// <summary>
/// The k8s-file log format conmon writes. A line the container wrote is one <c>F</c> entry; a line longer
/// than conmon's buffer, or output without a trailing newline, is split into <c>P</c> entries ended by the
/// next <c>F</c> (or left partial).
/// </summary>
public static class CriLogFormat
{
    /// <summary>Parses every well-formed line (content without the log line's own newline); malformed lines are skipped.</summary>
    public static IReadOnlyList<CriLogLine> ParseLines(ReadOnlySpan<byte> log)
    {
        var lines = new List<CriLogLine>();
        while (!log.IsEmpty)
        {
            var end = log.IndexOf((byte)'\n');
            var line = end < 0 ? log : log[..end];
            log = end < 0 ? [] : log[(end + 1)..];
            if (TryParse(line, out var parsed))
            {
                lines.Add(parsed);
            }
        }

        return lines;
    }

    /// <summary>
    /// Rebuilds what the process wrote on each stream (as CRI-O's exec sync does): an <c>F</c> entry ends with
    /// the newline the process wrote, a <c>P</c> entry does not. Each stream keeps at most <paramref name="maxBytes"/>.
    /// </summary>
    public static (byte[] Stdout, byte[] Stderr) Demultiplex(ReadOnlySpan<byte> log, int maxBytes)
    {
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        foreach (var line in ParseLines(log))
        {
            var target = line.Stream == "stdout" ? stdout : line.Stream == "stderr" ? stderr : null;
            if (target is null)
            {
                continue;
            }

            Append(target, line.Content, maxBytes);
            if (!line.Partial)
            {
                Append(target, "\n"u8, maxBytes);
            }
        }

        return (stdout.ToArray(), stderr.ToArray());
    }

    private static void Append(MemoryStream target, ReadOnlySpan<byte> data, int maxBytes)
    {
        var room = (int)Math.Max(0, maxBytes - target.Length);
        target.Write(data[..Math.Min(room, data.Length)]);
    }

    private static bool TryParse(ReadOnlySpan<byte> line, out CriLogLine parsed)
    {
        parsed = null!;
        var first = line.IndexOf((byte)' ');
        if (first <= 0)
        {
            return false;
        }

        var rest = line[(first + 1)..];
        var second = rest.IndexOf((byte)' ');
        if (second <= 0 || rest.Length < second + 2)
        {
            return false;
        }

        var tag = rest[second + 1];
        if (tag is not ((byte)'P' or (byte)'F'))
        {
            return false;
        }

        var content = rest.Length > second + 2 ? rest[(second + 3)..] : [];
        if (rest.Length > second + 2 && rest[second + 2] != (byte)' ')
        {
            return false;
        }

        parsed = new CriLogLine(Encoding.ASCII.GetString(line[..first]), Encoding.ASCII.GetString(rest[..second]), tag == (byte)'P', content.ToArray());
        return true;
    }
}
