using Crisp.Config.Toml;

namespace Crisp.Config.Schema;

/// <summary>Keys of the <c>[crio.network]</c> table.</summary>
internal static class NetworkSchema
{
    public static TableSpec<NetworkConfig> Table { get; } = new(
    [
        Key.Text<NetworkConfig>("cni_default_network", "CNI network to use; empty picks the first configuration in network_dir.",
            c => c.CniDefaultNetwork, (c, v) => c with { CniDefaultNetwork = v }),
        Key.Text<NetworkConfig>("network_dir", "Directory of CNI network configurations.",
            c => c.NetworkDir, (c, v) => c with { NetworkDir = v }),
        Key.List<NetworkConfig>("plugin_dirs", "Directories searched, in order, for CNI plugin binaries.",
            c => c.PluginDirs, (c, v) => c with { PluginDirs = v }),
    ],
    Unsupported.Newer("cni_status_grace_period"));

    public static NetworkConfig Apply(NetworkConfig value, TomlTableNode table, string path, BindContext context) =>
        Table.Apply(value, table, path, context, DeprecatedPluginDir);

    // CRI-O still honours the old single plugin_dir by appending it to plugin_dirs, with a warning.
    private static bool DeprecatedPluginDir(ref NetworkConfig value, string key, TomlNode node, string path, BindContext context)
    {
        if (key != "plugin_dir")
        {
            return false;
        }

        var directory = context.ReadString(path, node);
        context.Warn(path, node, "plugin_dir is deprecated; use plugin_dirs (the directory was appended to plugin_dirs)");
        if (directory.Length > 0 && !value.PluginDirs.Contains(directory))
        {
            value = value with { PluginDirs = value.PluginDirs.AddRange([directory]) };
        }

        return true;
    }
}
