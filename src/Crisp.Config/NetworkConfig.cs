namespace Crisp.Config;

/// <summary>The <c>[crio.network]</c> table: CNI configuration and plugins.</summary>
public sealed record NetworkConfig
{
    /// <summary><c>cni_default_network</c>: network to use ("" = first config found in network_dir).</summary>
    public string CniDefaultNetwork { get; init; } = "";

    /// <summary><c>network_dir</c>: directory holding CNI network configurations.</summary>
    public string NetworkDir { get; init; } = "/etc/cni/net.d/";

    /// <summary><c>plugin_dirs</c>: directories searched for CNI plugin binaries, in order.</summary>
    public ValueList<string> PluginDirs { get; init; } = ["/opt/cni/bin/", "/usr/lib/cni"];
}
