namespace Crisp.Oci.Runtime;

/// <summary>
/// Moves conmon into <see cref="ConmonRuncOptions.MonitorCgroup"/> with cgroupfs: the path is created under
/// every mounted cgroup v1 hierarchy (and the v2 tree, unified or pure) and the pid written to cgroup.procs.
/// </summary>
internal static class MonitorCgroup
{
    private const string CgroupRoot = "/sys/fs/cgroup";

    /// <summary>The cgroup directories <paramref name="path"/> maps to on this host.</summary>
    public static IReadOnlyList<string> Directories(string path)
    {
        var relative = path.Trim('/');
        if (relative.Length == 0 || relative.Split('/').Any(part => part is "." or ".."))
        {
            throw new ArgumentException($"invalid monitor cgroup path: {path}", nameof(path));
        }

        if (File.Exists(Path.Combine(CgroupRoot, "cgroup.controllers")))
        {
            return [Path.Combine(CgroupRoot, relative)];
        }

        return Directory.EnumerateDirectories(CgroupRoot)
            .Where(hierarchy => File.Exists(Path.Combine(hierarchy, "cgroup.procs")))
            .Select(hierarchy => Path.Combine(hierarchy, relative))
            .ToList();
    }

    public static void Place(int pid, string path)
    {
        foreach (var directory in Directories(path))
        {
            Create(directory);
            File.AppendAllText(Path.Combine(directory, "cgroup.procs"), pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Creates the directory and its parents; a new cpuset v1 cgroup inherits its parent's cpus and mems.</summary>
    private static void Create(string directory)
    {
        if (Directory.Exists(directory))
        {
            return;
        }

        var parent = Path.GetDirectoryName(directory)!;
        Create(parent);
        Directory.CreateDirectory(directory);
        foreach (var file in new[] { "cpuset.cpus", "cpuset.mems" })
        {
            var own = Path.Combine(directory, file);
            if (File.Exists(own) && File.ReadAllText(own).Trim().Length == 0)
            {
                File.WriteAllText(own, File.ReadAllText(Path.Combine(parent, file)).Trim());
            }
        }
    }
}
