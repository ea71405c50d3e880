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

    private static IEnumerable<string> Hierarchies()
    {
        if (File.Exists(Path.Combine(Root, "cgroup.controllers")))
        {
            return [Root];
        }

        return Directory.EnumerateDirectories(Root).Where(d => !File.GetAttributes(d).HasFlag(FileAttributes.ReparsePoint));
    }
}
