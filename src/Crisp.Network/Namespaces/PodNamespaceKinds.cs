namespace Crisp.Network.Namespaces;

/// <summary>The pod namespaces crisp pins (as CRI-O's pinns does for net, ipc and uts).</summary>
[Flags]
public enum PodNamespaceKinds
{
    None = 0,

    /// <summary>Network namespace, pinned at <c>&lt;dir&gt;/netns/&lt;name&gt;</c>.</summary>
    Network = 1,

    /// <summary>IPC namespace, pinned at <c>&lt;dir&gt;/ipcns/&lt;name&gt;</c>.</summary>
    Ipc = 2,

    /// <summary>UTS namespace, pinned at <c>&lt;dir&gt;/utsns/&lt;name&gt;</c>.</summary>
    Uts = 4,

    All = Network | Ipc | Uts,
}
