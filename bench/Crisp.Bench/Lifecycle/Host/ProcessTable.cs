using System.Globalization;
using System.Text;

namespace Crisp.Bench.Lifecycle.Host;

/// <summary>A process seen in /proc: its pid, short name (comm) and command line.</summary>
internal sealed record ProcessEntry(int Pid, string Name, string CommandLine);

/// <summary>Reads /proc: processes, their command lines and their memory (VmRSS, Pss).</summary>
internal static class ProcessTable
{
    /// <summary>Every process whose <c>comm</c> is <paramref name="name"/> (or any name when null) and whose command line contains <paramref name="text"/>.</summary>
    public static IReadOnlyList<ProcessEntry> Find(string? name, string text)
    {
        var self = Environment.ProcessId;
        var result = new List<ProcessEntry>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == self)
            {
                continue;
            }

            var entry = Read(pid);
            if (entry is not null && (name is null || Matches(entry.Name, name)) && entry.CommandLine.Contains(text, StringComparison.Ordinal))
            {
                result.Add(entry);
            }
        }

        return result;
    }

    public static ProcessEntry? Read(int pid)
    {
        try
        {
            var comm = File.ReadAllText($"/proc/{pid}/comm").Trim();
            var commandLine = Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{pid}/cmdline")).Replace('\0', ' ').Trim();
            return new ProcessEntry(pid, comm, commandLine);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // Gone meanwhile.
        }
    }

    /// <summary>VmRSS in KiB (0 when the process is gone).</summary>
    public static long VmRssKib(int pid) => StatusField(pid, "VmRSS:");

    /// <summary>Pss (proportional set size, shared pages divided among their users) in KiB, from smaps_rollup (0 when gone).</summary>
    public static long PssKib(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/smaps_rollup"))
            {
                if (line.StartsWith("Pss:", StringComparison.Ordinal))
                {
                    return Kib(line);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Gone meanwhile.
        }

        return 0;
    }

    private static long StatusField(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    return Kib(line);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Gone meanwhile.
        }

        return 0;
    }

    private static long Kib(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>comm is cut to 15 characters ("containerd-shim-runc-v2" reads "containerd-shim").</summary>
    private static bool Matches(string comm, string name) => name.Length > 15 ? comm == name[..15] : comm == name;
}
