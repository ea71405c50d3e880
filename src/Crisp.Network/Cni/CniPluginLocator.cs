namespace Crisp.Network.Cni;

/// <summary>Finds plugin binaries: the first plugin directory holding a regular file named after the type (libcni FindInPath).</summary>
internal sealed class CniPluginLocator
{
    public CniPluginLocator(IReadOnlyList<string> pluginDirs)
    {
        PluginDirs = pluginDirs;
        SearchPath = string.Join(':', pluginDirs);
    }

    public IReadOnlyList<string> PluginDirs { get; }

    /// <summary>CNI_PATH: every plugin directory, in order.</summary>
    public string SearchPath { get; }

    public string? Find(string type)
    {
        foreach (var dir in PluginDirs)
        {
            var candidate = Path.Combine(dir, type);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

}
