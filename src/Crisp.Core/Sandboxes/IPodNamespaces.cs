using Crisp.Network.Namespaces;

namespace Crisp.Core.Sandboxes;

/// <summary>The pod's pinned network, IPC and UTS namespaces (CRI-O's pinns), named by the sandbox id.</summary>
public interface IPodNamespaces
{
    /// <summary>Creates and pins the namespaces; leaves nothing behind when it fails.</summary>
    /// <exception cref="ArgumentException">A bad host name or sysctl.</exception>
    /// <exception cref="IOException">Pinning failed.</exception>
    Task<PinnedNamespaces> PinAsync(NamespacePinRequest request, CancellationToken cancellationToken);

    /// <summary>Removes every pin named <paramref name="name"/>; missing ones are fine.</summary>
    void Remove(string name);

    /// <summary>Whether <paramref name="path"/> is still a pinned namespace.</summary>
    bool IsPinned(string path);

    /// <summary>Unmounts and deletes one pin file (also a stale one that is no namespace any more); missing is fine.</summary>
    void RemovePin(string path);
}

/// <summary><see cref="IPodNamespaces"/> with <see cref="NamespacePinner"/>.</summary>
public sealed class PinnedPodNamespaces(NamespacePinner pinner) : IPodNamespaces
{
    public Task<PinnedNamespaces> PinAsync(NamespacePinRequest request, CancellationToken cancellationToken) =>
        pinner.PinAsync(request, cancellationToken);

    public void Remove(string name) => pinner.Remove(name);

    public bool IsPinned(string path) => NamespacePinner.IsPinned(path);

    public void RemovePin(string path) => NamespacePinner.RemovePin(path);
}
