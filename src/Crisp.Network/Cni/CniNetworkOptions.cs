namespace Crisp.Network.Cni;

/// <summary>How crisp finds and runs CNI plugins (CRI-O's <c>[crio.network]</c> plus the libcni cache directory).</summary>
public sealed record CniNetworkOptions
{
    /// <summary><c>network_dir</c>: the first valid configuration here (lexical order) is used.</summary>
    public string NetworkDir { get; init; } = "/etc/cni/net.d/";

    /// <summary><c>plugin_dirs</c>: searched in order for plugin binaries; also passed as CNI_PATH.</summary>
    public IReadOnlyList<string> PluginDirs { get; init; } = ["/opt/cni/bin/", "/usr/lib/cni"];

    /// <summary><c>cni_default_network</c>: use the configuration with this name ("" = the first valid one).</summary>
    public string DefaultNetwork { get; init; } = "";

    /// <summary>libcni's cache directory; ADD results are kept in its <c>results</c> subdirectory.</summary>
    public string CacheDir { get; init; } = "/var/lib/cni";

    /// <summary>How long one plugin call may take before the plugin is killed.</summary>
    public TimeSpan PluginTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Ask each plugin (CNI VERSION) whether it supports the configuration's version before using it.</summary>
    public bool ValidatePluginVersions { get; init; } = true;

    /// <summary>Bring the pod's loopback interface up (with the <c>loopback</c> plugin) before the network ADD.</summary>
    public bool BringUpLoopback { get; init; } = true;
}
