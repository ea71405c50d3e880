namespace Crisp.Network.Namespaces;

/// <summary>Which namespaces to create for a pod, under which file name, and how to set them up.</summary>
/// <param name="Name">File name of the pins (the same in every <c>*ns</c> directory), e.g. the sandbox id.</param>
/// <param name="Kinds">The namespaces to create.</param>
public sealed record NamespacePinRequest(string Name, PodNamespaceKinds Kinds)
{
    /// <summary>Host name set in the new UTS namespace (needs <see cref="PodNamespaceKinds.Uts"/>).</summary>
    public string? Hostname { get; init; }

    /// <summary>
    /// Namespaced sysctls written inside the new namespaces, in order (<c>net.*</c> needs the network namespace;
    /// <c>kernel.shm*</c>, <c>kernel.msg*</c>, <c>kernel.sem</c> and <c>fs.mqueue.*</c> need the IPC namespace).
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Sysctls { get; init; } = [];
}
