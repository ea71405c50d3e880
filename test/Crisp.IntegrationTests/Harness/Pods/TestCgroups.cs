namespace Crisp.IntegrationTests.Harness.Pods;

/// <summary>A cgroup parent of the test's own (cgroupfs), removed from every hierarchy afterwards when empty.</summary>
public static class TestCgroups
{
    private const string Root = "/sys/fs/cgroup";

    /// <summary>"/crisp-it-&lt;hex&gt;": a parent no other test uses.</summary>
    public static string NewParent() => "/crisp-it-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Directories of <paramref name="parent"/> and below, in every hierarchy (v1 controllers and the v2 tree).</summary>
    public static IReadOnlyList<string> Directories(string parent)
    {
        var relative = parent.TrimStart('/');
        return [.. Hierarchies()
            .Select(h => Path.Combine(h, relative))
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateDirectories(d, "*", SearchOption.AllDirectories).Append(d))
            .OrderByDescending(d => d.Length)];
    }

    /// <summary>Cgroup directories below <paramref name="parent"/> (not the parent itself), in every hierarchy.</summary>
    public static IReadOnlyList<string> Children(string parent)
    {
        var relative = parent.TrimStart('/');
        var own = Hierarchies().Select(h => Path.Combine(h, relative)).ToHashSet(StringComparer.Ordinal);
        return [.. Directories(parent).Where(d => !own.Contains(d))];
    }

    /// <summary>The directory of <paramref name="path"/> (e.g. "/crisp-it-x/crisp-ID") in one v1 controller's hierarchy ("memory", "cpu").</summary>
    public static string V1Directory(string controller, string path) => Path.Combine(Root, controller, path.TrimStart('/'));

    /// <summary>Pids in the cgroups of <paramref name="parent"/> and below (processes of the test's containers).</summary>
    public static IReadOnlyList<int> Processes(string parent) =>
        [.. Directories(parent)
            .Select(d => Path.Combine(d, "cgroup.procs"))
            .SelectMany(ReadPids)
            .Distinct()];

    /// <summary>SIGKILLs what is still running in the cgroups of <paramref name="parent"/> (only the test's own containers run there).</summary>
    public static void KillProcesses(string parent, Action<string> report)
    {
        var pids = Processes(parent);
        foreach (var pid in pids)
        {
            report($"killing leftover process {pid} in {parent}");
            Crisp.Linux.Processes.Signal(pid, Crisp.Linux.Processes.SigKill);
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (pids.Count > 0 && Processes(parent).Count > 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
        }
    }

    /// <summary>Removes the (empty) cgroup directories of <paramref name="parent"/>, deepest first.</summary>
    public static void Remove(string parent, Action<string> report)
    {
        foreach (var directory in Directories(parent))
        {
            try
            {
                Directory.Delete(directory);
            }
            catch (IOException e)
            {
                report($"cannot remove cgroup {directory}: {e.Message}");
            }
        }
    }

    private static IEnumerable<int> ReadPids(string procs)
    {
        try
        {
            return [.. File.ReadAllLines(procs).Where(l => l.Length > 0).Select(l => int.Parse(l, System.Globalization.CultureInfo.InvariantCulture))];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static IEnumerable<string> Hierarchies()
    {
        if (File.Exists(Path.Combine(Root, "cgroup.controllers")))
        {
            return [Root];
        }

        return Directory.EnumerateDirectories(Root).Where(d => !File.GetAttributes(d).HasFlag(FileAttributes.ReparsePoint));
    }
}
