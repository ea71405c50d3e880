namespace Crisp.Unit.Tests.Core.Stats;

/// <summary>
/// Cgroup trees in the kernels' file formats under Fixtures/: v1 (per-controller hierarchies cpuacct, cpu, memory,
/// pids; a pod cgroup "pod1" holding container "crisp-abc") and v2 (one unified tree). Tests that change a tree work
/// on a copy.
/// </summary>
internal sealed class StatsFixtures : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("crisp-stats-");

    public const string ContainerPath = "/pod1/crisp-abc";

    public static string Original(string version) => Path.Combine(AppContext.BaseDirectory, "Core", "Stats", "Fixtures", version);

    /// <summary>A fresh copy of the v1 or v2 tree.</summary>
    public string Copy(string version)
    {
        var target = Path.Combine(_dir.FullName, version);
        CopyDirectory(Original(version), target);
        return target;
    }

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.GetDirectories(source))
        {
            CopyDirectory(directory, Path.Combine(target, Path.GetFileName(directory)));
        }
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
