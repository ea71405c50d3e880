using System.Globalization;

namespace Crisp.Oci.Runtime;

/// <summary>Fields of /proc/&lt;pid&gt;/stat: parent pid, start time (clock ticks since boot) and the command name.</summary>
internal sealed record ProcStat(int Pid, string Command, char State, int ParentPid, ulong StartTime)
{
    /// <summary>Reads the stat line; null when the process does not exist.</summary>
    public static ProcStat? TryRead(int pid)
    {
        string line;
        try
        {
            line = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return null;
        }

        return Parse(pid, line);
    }

    /// <summary>"pid (comm) state ppid …": comm may contain spaces and parentheses, so split after the last ')'.</summary>
    internal static ProcStat Parse(int pid, string line)
    {
        var open = line.IndexOf('(', StringComparison.Ordinal);
        var close = line.LastIndexOf(')');
        var command = line[(open + 1)..close];
        var fields = line[(close + 2)..].Split(' ');

        // fields[0] is field 3 (state); starttime is field 22.
        return new ProcStat(
            pid,
            command,
            fields[0][0],
            int.Parse(fields[1], CultureInfo.InvariantCulture),
            ulong.Parse(fields[19], CultureInfo.InvariantCulture));
    }

    /// <summary>Whether <paramref name="pid"/> is still the process that started at <paramref name="startTime"/> (and not a zombie).</summary>
    public static bool IsAlive(int pid, ulong startTime) =>
        TryRead(pid) is { } stat && stat.StartTime == startTime && stat.State is not ('Z' or 'X');
}
