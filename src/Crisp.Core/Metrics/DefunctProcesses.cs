namespace Crisp.Core.Metrics;

/// <summary>Counts the node's zombie processes: entries of <c>/proc/[pid]/stat</c> in state <c>Z</c>.</summary>
public static class DefunctProcesses
{
    public static int Count(string procRoot = "/proc")
    {
        var count = 0;
        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateDirectories(procRoot);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }

        foreach (var directory in entries)
        {
            var name = Path.GetFileName(directory);
            if (name.Length == 0 || !name.All(char.IsAsciiDigit))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // Gone between the listing and the read.
            }

            if (State(stat) == 'Z')
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The state letter of a <c>stat</c> line: the field after the command, which is in parentheses and may hold any character.</summary>
    public static char State(string stat)
    {
        var end = stat.LastIndexOf(')');
        return end >= 0 && end + 2 < stat.Length ? stat[end + 2] : '?';
    }
}
