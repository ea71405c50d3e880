namespace Crisp.IntegrationTests.Harness.Streaming;

/// <summary>The processes of a container, found through /proc: those whose cgroup path names the container's cgroup.</summary>
public static class CgroupProcesses
{
    /// <summary>Live processes whose /proc/PID/cgroup mentions <paramref name="cgroup"/>, with their command lines (arguments joined by spaces).</summary>
    public static IReadOnlyList<(int Pid, string CommandLine)> In(string cgroup)
    {
        var result = new List<(int, string)>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid))
            {
                continue;
            }

            try
            {
                if (!File.ReadAllText(Path.Combine(entry, "cgroup")).Contains(cgroup, StringComparison.Ordinal) || !Pods.PodLeftovers.IsRunning(pid))
                {
                    continue;
                }

                result.Add((pid, File.ReadAllText(Path.Combine(entry, "cmdline")).Replace('\0', ' ').Trim()));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile.
            }
        }

        return result;
    }
}
