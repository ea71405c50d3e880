using System.Text.Json.Nodes;
using Crisp.Bench.Infrastructure;

namespace Crisp.Bench.Lifecycle.Host;

/// <summary>
/// A contestant's CNI network: the same bridge + host-local + portmap conflist for both runtimes, with a bridge name and
/// a /24 of the contestant's own and host-local's data directory inside its directory. Cleanup deletes the bridge, the
/// network's cached results in libcni's shared cache and any portmap rule naming it.
/// </summary>
internal sealed class BenchNetwork
{
    private const string CniCacheResults = "/var/lib/cni/results";

    private readonly ContestantSpec _spec;

    public BenchNetwork(ContestantSpec spec)
    {
        _spec = spec;
    }

    public string FileName => "10-lcbench.conflist";

    public string Conflist(string directory) => new JsonObject
    {
        ["cniVersion"] = "1.0.0",
        ["name"] = _spec.NetworkName,
        ["plugins"] = new JsonArray(
            new JsonObject
            {
                ["type"] = "bridge",
                ["bridge"] = _spec.Bridge,
                ["isGateway"] = true,
                ["ipMasq"] = false,
                ["hairpinMode"] = true,
                ["ipam"] = new JsonObject
                {
                    ["type"] = "host-local",
                    ["dataDir"] = Path.Combine(directory, "ipam"),
                    ["ranges"] = new JsonArray(new JsonArray(new JsonObject { ["subnet"] = $"{_spec.SubnetPrefix}.0/24", ["gateway"] = $"{_spec.SubnetPrefix}.1" })),
                    ["routes"] = new JsonArray(new JsonObject { ["dst"] = "0.0.0.0/0" }),
                },
            },
            new JsonObject
            {
                ["type"] = "portmap",
                ["snat"] = true,
                ["capabilities"] = new JsonObject { ["portMappings"] = true },
            }),
    }.ToJsonString();

    /// <summary>
    /// Before the daemon starts: refuses when the bridge exists with ports on it (someone uses it); removes it when it
    /// exists bare (a leftover of a killed run).
    /// </summary>
    public async Task PrepareAsync(CancellationToken ct)
    {
        var ports = await BridgePortsAsync(ct);
        if (ports is null)
        {
            return;
        }

        if (ports.Count > 0)
        {
            throw new BenchException($"bridge {_spec.Bridge} exists with {ports.Count} ports attached ({string.Join(", ", ports)}); "
                + "another daemon seems to use it, so this run will not touch it");
        }

        Console.Error.WriteLine($"bench: removing the leftover bridge {_spec.Bridge}");
        await Command.RunAsync("ip", ["link", "del", _spec.Bridge], CancellationToken.None);
    }

    /// <summary>The bridge's ports (veths), or null when there is no such bridge.</summary>
    public async Task<IReadOnlyList<string>?> BridgePortsAsync(CancellationToken ct)
    {
        var exists = await Command.RunAsync("ip", ["-o", "link", "show", "dev", _spec.Bridge], ct);
        if (exists.ExitCode != 0)
        {
            return null;
        }

        var ports = await Command.RunAsync("ip", ["-o", "link", "show", "master", _spec.Bridge], ct);
        return [.. ports.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }

    public async Task CleanUpAsync(Action<string> report)
    {
        var rules = await Command.RunAsync("iptables", ["-w", "-t", "nat", "-S"], CancellationToken.None);
        foreach (var rule in rules.Output.Split('\n').Where(l => l.StartsWith("-A ", StringComparison.Ordinal) && l.Contains(_spec.NetworkName, StringComparison.Ordinal)))
        {
            report($"deleting leftover iptables rule: {rule}");
            await Command.RunAsync("iptables", ["-w", "-t", "nat", .. Command.SplitRule("-D" + rule[2..])], CancellationToken.None);
        }

        if (Directory.Exists(CniCacheResults))
        {
            foreach (var cached in Directory.GetFiles(CniCacheResults, _spec.NetworkName + "-*"))
            {
                report($"removing leftover CNI result {cached}");
                File.Delete(cached);
            }
        }

        if (await BridgePortsAsync(CancellationToken.None) is { } ports)
        {
            foreach (var port in ports)
            {
                report($"bridge {_spec.Bridge} still has {port}");
            }

            var deleted = await Command.RunAsync("ip", ["link", "del", _spec.Bridge], CancellationToken.None);
            if (deleted.ExitCode != 0)
            {
                report($"ip link del {_spec.Bridge} failed: {deleted.Output.Trim()}");
            }
        }
    }
}
