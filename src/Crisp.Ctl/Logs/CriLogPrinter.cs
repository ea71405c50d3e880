using System.Text;

namespace Crisp.Ctl.Logs;

/// <summary>
/// Prints a CRI log file as crictl's <c>logs</c> does: stdout lines to stdout, stderr lines to stderr, partial lines
/// joined, optionally only the last N lines, only lines since a time, with timestamps, and following the file.
/// </summary>
public sealed class CriLogPrinter(TextWriter stdout, TextWriter stderr, bool timestamps, DateTimeOffset? since)
{
    private readonly StringBuilder _pending = new();

    /// <summary>Prints the file's content and returns the offset read up to (the start of any unfinished line).</summary>
    public long PrintFile(string path, int tail)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var (lines, end) = ReadLines(file, 0);
        if (tail >= 0)
        {
            lines = LastEntries(lines, tail);
        }

        lines.ForEach(Print);
        return end;
    }

    /// <summary>Prints what was appended since <paramref name="offset"/>; returns the new offset.</summary>
    public long PrintFrom(string path, long offset)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (file.Length < offset)
        {
            offset = 0; // truncated or reopened
        }

        var (lines, end) = ReadLines(file, offset);
        lines.ForEach(Print);
        return end;
    }

    private static (List<CriLogLine> Lines, long End) ReadLines(FileStream file, long offset)
    {
        file.Seek(offset, SeekOrigin.Begin);
        using var buffer = new MemoryStream();
        file.CopyTo(buffer);
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var lastNewline = bytes.LastIndexOf((byte)'\n');
        if (lastNewline < 0)
        {
            return ([], offset);
        }

        var text = Encoding.UTF8.GetString(bytes[..lastNewline]);
        var lines = text.Split('\n').Select(CriLogLine.Parse).OfType<CriLogLine>().ToList();
        return (lines, offset + lastNewline + 1);
    }

    /// <summary>The lines making up the last <paramref name="count"/> log entries (a partial run and its final line count once).</summary>
    private static List<CriLogLine> LastEntries(List<CriLogLine> lines, int count)
    {
        var start = lines.Count;
        var entries = 0;
        while (start > 0 && entries < count)
        {
            start--;
            if (!lines[start].Partial)
            {
                // A full line ends an entry; the partial lines before it belong to it.
                while (start > 0 && lines[start - 1].Partial)
                {
                    start--;
                }

                entries++;
            }
        }

        return lines[start..];
    }

    private void Print(CriLogLine line)
    {
        if (since is { } from && line.Time < from)
        {
            return;
        }

        if (_pending.Length == 0 && timestamps)
        {
            _pending.Append(line.TimeText).Append(' ');
        }

        _pending.Append(line.Content);
        if (line.Partial)
        {
            return;
        }

        var target = line.Stderr ? stderr : stdout;
        target.Write(_pending.Append('\n').ToString());
        target.Flush();
        _pending.Clear();
    }
}
