namespace Crisp.Network;

/// <summary>A CNI network configuration found on disk.</summary>
/// <param name="Path">The file it came from.</param>
/// <param name="NetworkName">The network's <c>name</c>.</param>
/// <param name="CniVersion">The declared <c>cniVersion</c>.</param>
/// <param name="PluginTypes">The plugin <c>type</c>s, in chain order.</param>
public sealed record CniConfigFile(string Path, string NetworkName, string CniVersion, IReadOnlyList<string> PluginTypes);
