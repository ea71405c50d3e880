using Crisp.Linux;

namespace Crisp.IntegrationTests.Harness.Pods;

/// <summary>What pods of a test daemon may leave behind on the host: mounts, pinned namespace files, processes.</summary>
public static class PodLeftovers
{
    /// <summary>Mount points at or below <paramref name="directory"/>, deepest first.</summary>
    public static IReadOnlyList<string> Mounts(string directory) =>
        [.. MountTable.MountPointsUnder(directory).Distinct().OrderByDescending(p => p.Length)];

    /// <summary>Pinned namespace files (any file in netns/ipcns/utsns) under a namespaces directory.</summary>
    public static IReadOnlyList<string> NamespaceFiles(string namespacesDir) =>
        [.. new[] { "netns", "ipcns", "utsns" }
            .Select(kind => Path.Combine(namespacesDir, kind))
            .Where(Directory.Exists)
            .SelectMany(Directory.GetFiles)];

    /// <summary>Processes other than <paramref name="except"/> whose command line mentions <paramref name="directory"/> (conmon, runc).</summary>
    public static IReadOnlyList<(int Pid, string CommandLine)> Processes(string directory, params int[] except)
    {
        var result = new List<(int, string)>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid) || pid == Environment.ProcessId || except.Contains(pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(entry, "cmdline")).Replace('\0', ' ').Trim();
                if (commandLine.Contains(directory, StringComparison.Ordinal))
                {
                    result.Add((pid, commandLine));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile.
            }
        }

        return result;
    }

    /// <summary>Whether <paramref name="pid"/> is a live process (not gone, not a zombie waiting for its parent).</summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var afterName = stat[(stat.LastIndexOf(')') + 1)..].TrimStart();
            return afterName.Length > 0 && afterName[0] is not ('Z' or 'X');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Unmounts everything at or below <paramref name="directory"/>, deepest first.</summary>
    public static void UnmountAll(string directory, Action<string> report)
    {
        for (var round = 0; round < 4; round++)
        {
            var mounts = Mounts(directory);
            if (mounts.Count == 0)
            {
                return;
            }

            foreach (var mount in mounts)
            {
                try
                {
                    MountCalls.Unmount(mount, detachIfBusy: true);
                }
                catch (IOException e)
                {
                    report($"cannot unmount {mount}: {e.Message}");
                }
            }
        }
    }
}
