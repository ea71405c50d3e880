using System.Globalization;
using Crisp.Bench.Infrastructure;
using Crisp.IntegrationTests.Harness.Pods;
using Crisp.Linux;

namespace Crisp.Bench.Lifecycle.Host;

/// <summary>
/// What a contestant may leave once its daemon is stopped — also after a failed or cancelled run — removed in order:
/// runc containers in its runc root, processes whose command line names its directory (conmon, shims, runc), processes
/// still in its cgroup parent (containers of a killed monitor), every mount under its directory (rootfs overlays,
/// /dev/shm, pinned namespaces), its bridge and CNI leftovers, its cgroups. Processes are signalled by pid only.
/// </summary>
internal static class LeftoverCleanup
{
    public static async Task RunAsync(string directory, IReadOnlyList<string> runcRoots, string cgroupParent, BenchNetwork network, Action<string> report)
    {
        foreach (var root in runcRoots.Where(Directory.Exists))
        {
            var list = await Command.RunAsync("runc", ["--root", root, "list", "-q"], CancellationToken.None);
            foreach (var id in list.ExitCode == 0 ? list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [])
            {
                report($"deleting leftover runc container {id} (root {root})");
                await Command.RunAsync("runc", ["--root", root, "delete", "--force", id], CancellationToken.None);
            }
        }

        await KillAsync(PodLeftovers.Processes(directory + "/").Select(p => (p.Pid, p.CommandLine)), report);
        await KillAsync(CgroupPids(cgroupParent).Select(pid => (pid, ProcessTable.Read(pid)?.CommandLine ?? "?")), report);

        foreach (var mount in PodLeftovers.Mounts(directory))
        {
            report($"unmounting {mount}");
        }

        PodLeftovers.UnmountAll(directory, report);
        await network.CleanUpAsync(report);
        TestCgroups.Remove(cgroupParent, report);
    }

    /// <summary>Pids in the cgroup parent and below, in every hierarchy.</summary>
    public static IReadOnlyList<int> CgroupPids(string cgroupParent) =>
        [.. TestCgroups.Directories(cgroupParent)
            .Select(d => Path.Combine(d, "cgroup.procs"))
            .Where(File.Exists)
            .SelectMany(ReadPids)
            .Distinct()];

    private static IEnumerable<int> ReadPids(string procs)
    {
        try
        {
            return [.. File.ReadAllLines(procs).Select(l => int.Parse(l, NumberStyles.None, CultureInfo.InvariantCulture))];
        }
        catch (IOException)
        {
            return [];
        }
    }

    private static async Task KillAsync(IEnumerable<(int Pid, string CommandLine)> processes, Action<string> report)
    {
        var pids = new List<int>();
        foreach (var (pid, commandLine) in processes)
        {
            report($"killing leftover process {pid}: {commandLine}");
            if (Processes.Signal(pid, Processes.SigKill))
            {
                pids.Add(pid);
            }
        }

        // They are not our children (conmon and shims daemonize), so wait for them to vanish rather than reap them.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (pids.Any(pid => Directory.Exists($"/proc/{pid}")) && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(20);
        }
    }
}
