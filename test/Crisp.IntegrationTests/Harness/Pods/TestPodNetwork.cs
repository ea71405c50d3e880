using System.Globalization;
using System.Text.Json.Nodes;

namespace Crisp.IntegrationTests.Harness.Pods;

/// <summary>
/// A CNI network of the test's own for a test daemon: a bridge <c>crisppod&lt;6 hex&gt;</c> (14 characters), a subnet
/// <c>10.233.N.0/24</c> no other test in this process uses, host-local IPAM with its data directory inside the
/// daemon's directory, and portmap with the portMappings capability. <see cref="CleanUp"/> deletes the bridge and
/// any portmap rules and cached CNI results of the network.
/// </summary>
public sealed class TestPodNetwork
{
    private const string CniCacheResults = "/var/lib/cni/results";
    private static int _subnetCounter = Random.Shared.Next(0, 250);

    public TestPodNetwork()
    {
        Id = Guid.NewGuid().ToString("N")[..6];
        var octet = (Interlocked.Increment(ref _subnetCounter) % 250) + 1;
        SubnetPrefix = $"10.233.{octet}";
    }

    public string Id { get; }

    public string Bridge => $"crisppod{Id}";

    public string NetworkName => $"crisppod-{Id}";

    public string SubnetPrefix { get; }

    public string Subnet => $"{SubnetPrefix}.0/24";

    public string Gateway => $"{SubnetPrefix}.1";

    /// <summary>host-local's data directory (set by <see cref="WriteConfig"/>, inside the daemon's directory).</summary>
    public string IpamDir { get; private set; } = "";

    /// <summary>
    /// Writes <c>10-crisppod.conflist</c> (bridge + portmap) into the daemon's CNI directory. With
    /// <paramref name="brokenPortmap"/> the portmap plugin gets a configuration it cannot parse, so an ADD fails after
    /// the bridge plugin attached the pod (a half-created network).
    /// </summary>
    public void WriteConfig(CrispDaemonFiles files, bool brokenPortmap = false)
    {
        IpamDir = Path.Combine(files.Directory, "ipam");
        var config = new JsonObject
        {
            ["cniVersion"] = "1.0.0",
            ["name"] = NetworkName,
            ["plugins"] = new JsonArray(
                new JsonObject
                {
                    ["type"] = "bridge",
                    ["bridge"] = Bridge,
                    ["isGateway"] = true,
                    ["ipMasq"] = false,
                    ["hairpinMode"] = true,
                    ["ipam"] = new JsonObject
                    {
                        ["type"] = "host-local",
                        ["dataDir"] = IpamDir,
                        ["ranges"] = new JsonArray(new JsonArray(new JsonObject { ["subnet"] = Subnet, ["gateway"] = Gateway })),
                        ["routes"] = new JsonArray(new JsonObject { ["dst"] = "0.0.0.0/0" }),
                    },
                },
                new JsonObject
                {
                    ["type"] = "portmap",
                    ["snat"] = brokenPortmap ? (JsonNode)"not-a-boolean" : true,
                    ["capabilities"] = new JsonObject { ["portMappings"] = true },
                }),
        };
        File.WriteAllText(Path.Combine(files.CniConfigDir, "10-crisppod.conflist"), config.ToJsonString());
    }

    /// <summary>host-local's reservations in our subnet (one file per allocated address).</summary>
    public string[] ReservedAddresses()
    {
        var dir = Path.Combine(IpamDir, NetworkName);
        return Directory.Exists(dir)
            ? [.. Directory.GetFiles(dir).Select(Path.GetFileName).OfType<string>().Where(f => f.StartsWith(SubnetPrefix + ".", StringComparison.Ordinal))]
            : [];
    }

    /// <summary>The host ends of pod veths on our bridge.</summary>
    public string[] BridgePorts()
    {
        var result = HostCommand.TryRun("ip", "-o", "link", "show", "master", Bridge);
        return result.ExitCode != 0 ? [] : result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>nat rules mentioning our network (portmap comments carry the network name).</summary>
    public string[] NatRules() =>
        [.. HostCommand.Run("iptables", "-w", "-t", "nat", "-S").Split('\n').Where(l => l.Contains(NetworkName, StringComparison.Ordinal))];

    /// <summary>Cached CNI results of our network in libcni's shared cache.</summary>
    public string[] CachedResults() =>
        Directory.Exists(CniCacheResults)
            ? [.. Directory.GetFiles(CniCacheResults, NetworkName + "-*")]
            : [];

    /// <summary>Removes what a failed test may have left: portmap chains, cached results, the bridge.</summary>
    public void CleanUp(Action<string> report)
    {
        var listing = HostCommand.TryRun("iptables", "-w", "-t", "nat", "-L", "CNI-HOSTPORT-DNAT", "-n", "--line-numbers");
        if (listing.ExitCode == 0)
        {
            var rules = listing.StandardOutput.Split('\n')
                .Where(l => l.Contains(NetworkName, StringComparison.Ordinal))
                .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Select(f => (Number: int.Parse(f[0], CultureInfo.InvariantCulture), Chain: f[1]))
                .OrderByDescending(r => r.Number)
                .ToList();
            foreach (var (number, chain) in rules)
            {
                report($"removing leftover portmap chain {chain}");
                HostCommand.TryRun("iptables", "-w", "-t", "nat", "-D", "CNI-HOSTPORT-DNAT", number.ToString(CultureInfo.InvariantCulture));
                HostCommand.TryRun("iptables", "-w", "-t", "nat", "-F", chain);
                HostCommand.TryRun("iptables", "-w", "-t", "nat", "-X", chain);
            }
        }

        foreach (var cached in CachedResults())
        {
            report($"removing leftover CNI result {cached}");
            File.Delete(cached);
        }

        HostCommand.TryRun("ip", "link", "del", Bridge);
    }
}
