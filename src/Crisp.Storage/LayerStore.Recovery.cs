using System.Text;
using Crisp.Linux;
using Crisp.Storage.Metadata;
using Crisp.Storage.Rootfs;

namespace Crisp.Storage;

public sealed partial class LayerStore
{
    /// <summary>Brings disk and index back into agreement after a crash; runs once, from <see cref="Open"/>.</summary>
    private LayerStoreRecovery Recover()
    {
        // 1. Unfinished extractions and removals.
        var removedStaging = new List<string>();
        using (var staging = FileSystemCalls.OpenDirectory(_stagingDirectory, readable: true))
        {
            foreach (var entry in DirectoryEntries.Read(staging))
            {
                FileTree.RemoveAt(staging, entry.Name, entry.Kind);
                removedStaging.Add(Encoding.UTF8.GetString(entry.Name));
            }
        }

        // 2. Index entries must be well-formed, have their content, and have their parent.
        var dropped = new List<string>();
        var kept = new Dictionary<string, LayerRecord>(StringComparer.Ordinal);
        foreach (var record in LayerIndexFile.Load(_indexPath))
        {
            if (!IsWellFormed(record))
            {
                dropped.Add($"{record.ChainId} (malformed record)");
            }
            else if (!Directory.Exists(Path.Combine(_layersDirectory, record.Id, DiffName)))
            {
                dropped.Add($"{record.ChainId} (content missing)");
            }
            else
            {
                kept[record.ChainId] = record;
            }
        }

        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var record in kept.Values.ToList())
            {
                if (record.Parent is not null && !kept.ContainsKey(record.Parent))
                {
                    kept.Remove(record.ChainId);
                    dropped.Add($"{record.ChainId} (parent {record.Parent} missing)");
                    changed = true;
                }
            }
        }

        // 3. Layer directories the index does not list (renamed into place, index not yet written).
        var ids = kept.Values.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var orphans = new List<string>();
        using (var layers = FileSystemCalls.OpenDirectory(_layersDirectory, readable: true))
        {
            foreach (var entry in DirectoryEntries.Read(layers))
            {
                var name = Encoding.UTF8.GetString(entry.Name);
                if (name is StagingName or LinksName || ids.Contains(name))
                {
                    continue;
                }

                FileTree.RemoveAt(layers, entry.Name, entry.Kind);
                orphans.Add(name);
            }
        }

        foreach (var record in kept.Values)
        {
            _layers[record.ChainId] = ToLayer(record);
        }

        if (dropped.Count > 0)
        {
            SaveIndex();
        }

        ShortLinks.RemoveDangling(LinkDirectory);
        return new LayerStoreRecovery(removedStaging, orphans, dropped);
    }

    private static bool IsWellFormed(LayerRecord record) =>
        LayerDigests.TryParse(record.ChainId, out var algorithm, out var hex)
        && algorithm == System.Security.Cryptography.HashAlgorithmName.SHA256
        && record.Id == hex
        && LayerDigests.TryParse(record.DiffId, out _, out _)
        && LayerDigests.TryParse(record.CompressedDigest, out _, out _)
        && (record.Parent is null || LayerDigests.TryParse(record.Parent, out _, out _));
}
