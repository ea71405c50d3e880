using Crisp.Bench.Lifecycle.Daemons;
using Crisp.IntegrationTests.Harness.Pods;

namespace Crisp.Bench.Lifecycle.Host;

/// <summary>
/// What is left on the host after every pod was removed through the CRI, while the daemon still runs: monitor processes,
/// mounts under its directory (but the namespaces directory's own bind mount, which crisp keeps for its lifetime), veths
/// on its bridge, host-local address reservations, processes in its cgroup parent.
/// </summary>
internal static class LeakCheck
{
    public static async Task<IReadOnlyList<string>> RunAsync(ICriDaemon daemon, string cgroupParent, BenchNetwork network)
    {
        // Exits and unmounts that follow a removal may lag it a little.
        await Task.Delay(500);
        var leaks = new List<string>();
        foreach (var pid in daemon.MonitorPids())
        {
            leaks.Add($"{daemon.Spec.MonitorName} pid {pid} still runs: {ProcessTable.Read(pid)?.CommandLine}");
        }

        var namespacesDir = Path.Combine(daemon.Directory, "ns");
        foreach (var mount in PodLeftovers.Mounts(daemon.Directory).Where(m => m != namespacesDir))
        {
            leaks.Add($"mount {mount}");
        }

        foreach (var port in await network.BridgePortsAsync(CancellationToken.None) ?? [])
        {
            leaks.Add($"bridge port {port}");
        }

        var ipam = Path.Combine(daemon.Directory, "ipam", daemon.Spec.NetworkName);
        if (Directory.Exists(ipam))
        {
            foreach (var file in Directory.GetFiles(ipam).Select(Path.GetFileName).Where(f => f is not null && f.StartsWith(daemon.Spec.SubnetPrefix + ".", StringComparison.Ordinal)))
            {
                leaks.Add($"host-local reservation {file}");
            }
        }

        foreach (var pid in LeftoverCleanup.CgroupPids(cgroupParent))
        {
            leaks.Add($"process {pid} in cgroup {cgroupParent}: {ProcessTable.Read(pid)?.CommandLine}");
        }

        return leaks;
    }
}
