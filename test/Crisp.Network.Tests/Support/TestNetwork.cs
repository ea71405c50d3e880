using System.Text.Json.Nodes;
using Crisp.Linux;
using Crisp.Network.Cni;
using Crisp.Network.Namespaces;

namespace Crisp.Network.Tests.Support;

/// <summary>
/// A scratch network of the test's own: a temp root holding network_dir, a fake-plugin dir, the CNI cache, the
/// host-local data dir and the namespaces dir; a unique bridge (<c>crisptst&lt;hex&gt;</c>) and subnet
/// (<c>10.231.N.0/24</c>). Disposal tears down every pod it made, removes pinned namespaces, the bridge, any
/// portmap rules of its network and the temp root, even when the test failed.
/// </summary>
internal sealed class TestNetwork : IAsyncDisposable
{
    public const string RealPlugins = "/usr/lib/cni";

    private static int _subnetCounter = Random.Shared.Next(0, 250);

    private readonly List<(PodNetworkRequest Request, PinnedNamespaces Pins)> _pods = [];

    public TestNetwork()
    {
        Assert.SkipUnless(Environment.IsPrivilegedProcess, "needs root: creates namespaces, bridges and iptables rules");
        Assert.SkipUnless(File.Exists(Path.Combine(RealPlugins, "bridge")), "needs containernetworking-plugins in /usr/lib/cni");
        Id = Guid.NewGuid().ToString("N")[..6];
        Root = Path.Combine(Path.GetTempPath(), "crisp-network-tests", Id);
        Directory.CreateDirectory(NetworkDir);
        Directory.CreateDirectory(FakePluginDir);
        var octet = (Interlocked.Increment(ref _subnetCounter) % 250) + 1;
        SubnetPrefix = $"10.231.{octet}";
        Pinner = new NamespacePinner(NamespacesDir);
    }

    public string Id { get; }

    public string Root { get; }

    public string NetworkDir => Path.Combine(Root, "net.d");

    public string FakePluginDir => Path.Combine(Root, "plugins");

    public string CacheDir => Path.Combine(Root, "cache");

    public string IpamDir => Path.Combine(Root, "ipam");

    public string NamespacesDir => Path.Combine(Root, "ns");

    public string LogDir => Path.Combine(Root, "calls");

    /// <summary>Bridge name: 14 characters, below the 15-byte interface name limit.</summary>
    public string Bridge => $"crisptst{Id}";

    public string NetworkName => $"crisptst-{Id}";

    public string SubnetPrefix { get; }

    public string Subnet => $"{SubnetPrefix}.0/24";

    public string Gateway => $"{SubnetPrefix}.1";

    public NamespacePinner Pinner { get; }

    public CniNetworkOptions Options(TimeSpan? pluginTimeout = null) => new()
    {
        NetworkDir = NetworkDir,
        PluginDirs = [FakePluginDir, RealPlugins],
        CacheDir = CacheDir,
        PluginTimeout = pluginTimeout ?? TimeSpan.FromSeconds(30),
    };

    public CniNetwork CreateNetwork(TimeSpan? pluginTimeout = null) => new(Options(pluginTimeout));

    /// <summary>The bridge plugin's configuration (host-local IPAM in the temp data dir, no masquerade).</summary>
    public JsonObject BridgePlugin() => new()
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
    };

    public static JsonObject PortmapPlugin() => new()
    {
        ["type"] = "portmap",
        ["snat"] = true,
        ["capabilities"] = new JsonObject { ["portMappings"] = true },
    };

    /// <summary>Writes a configuration list into network_dir.</summary>
    public void WriteConfigList(string fileName, string cniVersion, params JsonObject[] plugins) =>
        WriteConfig(fileName, new JsonObject { ["cniVersion"] = cniVersion, ["name"] = NetworkName, ["plugins"] = new JsonArray(plugins) });

    public void WriteConfig(string fileName, JsonObject config) =>
        File.WriteAllText(Path.Combine(NetworkDir, fileName), config.ToJsonString());

    /// <summary>Pins a fresh network namespace and returns a request for it (tracked for cleanup).</summary>
    public async Task<PodNetworkRequest> NewPodAsync(string? name = null, PodNamespaceKinds kinds = PodNamespaceKinds.Network)
    {
        var sandboxId = $"crisptst{Guid.NewGuid():N}";
        var pins = await Pinner.PinAsync(new NamespacePinRequest(sandboxId, kinds), TestContext.Current.CancellationToken);
        var request = new PodNetworkRequest(sandboxId, name ?? "pod-" + sandboxId[8..14], "crisp-tests", Guid.NewGuid().ToString(), pins.NetworkPath ?? "");
        _pods.Add((request, pins));
        return request;
    }

    /// <summary>Host-local's reservation files for our network (one per allocated address).</summary>
    public string[] ReservedAddresses()
    {
        var dir = Path.Combine(IpamDir, NetworkName);
        return Directory.Exists(dir)
            ? Directory.GetFiles(dir).Select(Path.GetFileName).OfType<string>().Where(f => f.StartsWith(SubnetPrefix + ".", StringComparison.Ordinal)).ToArray()
            : [];
    }

    /// <summary>Interfaces enslaved to our bridge (the host ends of pod veths).</summary>
    public string[] BridgePorts()
    {
        var result = Shell.TryRun("ip", "-o", "link", "show", "master", Bridge);
        return result.ExitCode != 0 ? [] : result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>nat-table lines (iptables -S) that mention our network.</summary>
    public string[] NatRulesOfNetwork() =>
        Shell.Run("iptables", "-w", "-t", "nat", "-S").Split('\n').Where(l => l.Contains(NetworkName, StringComparison.Ordinal)).ToArray();

    public async ValueTask DisposeAsync()
    {
        var network = CreateNetwork();
        foreach (var (request, pins) in _pods)
        {
            try
            {
                await network.TearDownAsync(request, CancellationToken.None);
            }
            catch (Exception e) when (e is CniPluginException or IOException or InvalidOperationException)
            {
                TestContext.Current.SendDiagnosticMessage($"cleanup: teardown of {request.SandboxId} failed: {e.Message}");
            }

            try
            {
                Pinner.Remove(pins);
            }
            catch (IOException e)
            {
                TestContext.Current.SendDiagnosticMessage($"cleanup: {e.Message}");
            }
        }

        RemovePortmapRules();
        Shell.TryRun("ip", "link", "del", Bridge);
        foreach (var mountPoint in MountTable.MountPointsUnder(Root).OrderByDescending(p => p.Length))
        {
            MountCalls.Unmount(mountPoint);
        }

        Directory.Delete(Root, recursive: true);
    }

    /// <summary>Fallback for a failed teardown: drops the portmap DNAT jump and chain made for our network.</summary>
    private void RemovePortmapRules()
    {
        var listing = Shell.TryRun("iptables", "-w", "-t", "nat", "-L", "CNI-HOSTPORT-DNAT", "-n", "--line-numbers");
        if (listing.ExitCode != 0)
        {
            return;
        }

        var rules = listing.Stdout.Split('\n')
            .Where(l => l.Contains(NetworkName, StringComparison.Ordinal))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(f => (Number: int.Parse(f[0], System.Globalization.CultureInfo.InvariantCulture), Chain: f[1]))
            .OrderByDescending(r => r.Number)
            .ToList();
        foreach (var (number, chain) in rules)
        {
            TestContext.Current.SendDiagnosticMessage($"cleanup: removing leftover portmap chain {chain}");
            Shell.TryRun("iptables", "-w", "-t", "nat", "-D", "CNI-HOSTPORT-DNAT", number.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Shell.TryRun("iptables", "-w", "-t", "nat", "-F", chain);
            Shell.TryRun("iptables", "-w", "-t", "nat", "-X", chain);
        }
    }
}
