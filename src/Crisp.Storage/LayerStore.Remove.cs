using Crisp.Linux;
using Crisp.Storage.Rootfs;

namespace Crisp.Storage;

public sealed partial class LayerStore
{
    /// <summary>
    /// Removes a layer. Refused with <see cref="LayerInUseException"/> while another layer (stored or
    /// being unpacked) has it as parent. Images and containers referring to the layer are the caller's
    /// to check. The directory is first renamed into staging, so a crash mid-removal leaves no half layer.
    /// </summary>
    public void Remove(string chainId)
    {
        string trash;
        lock (_gate)
        {
            ThrowIfDisposed();
            var layer = _layers.GetValueOrDefault(chainId) ?? throw new LayerNotFoundException(chainId);
            var children = _layers.Values.Where(l => l.ParentChainId == chainId).Select(l => l.ChainId).ToList();
            if (_pendingChildren.ContainsKey(chainId))
            {
                children.Add("a layer being unpacked");
            }

            if (children.Count > 0)
            {
                throw new LayerInUseException(chainId, children);
            }

            var directory = Path.Combine(_layersDirectory, layer.Id);
            trash = Path.Combine(_stagingDirectory, "removing-" + layer.Id);
            FileTree.Remove(trash);
            Directory.Move(directory, trash);
            _layers.Remove(chainId);
            try
            {
                SaveIndex();
            }
            catch
            {
                _layers[chainId] = layer;
                Directory.Move(trash, directory);
                throw;
            }

            ShortLinks.Remove(LinkDirectory, layer.DiffDirectory);
        }

        FileTree.Remove(trash);
    }
}
