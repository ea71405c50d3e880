using Crisp.Linux;

namespace Crisp.Core.Stats;

/// <summary>What a container wrote: bytes and inodes of its overlay upper directory.</summary>
public readonly record struct WritableLayerUsage(ulong Bytes, ulong Inodes)
{
    /// <summary>
    /// Walks <paramref name="directory"/> without following symlinks, counting each inode once (hard links) and the
    /// apparent size of regular files and symlinks, as containers/storage does for CRI-O. Entries that vanish while
    /// walking are skipped; a missing directory counts as empty.
    /// </summary>
    public static WritableLayerUsage Measure(string directory)
    {
        var seen = new HashSet<(uint, uint, ulong)>();
        ulong bytes = 0;
        var pending = new Stack<string>();
        pending.Push(directory);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            IEnumerable<string> entries;
            try
            {
                entries = Directory.EnumerateFileSystemEntries(current).ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var entry in entries)
            {
                if (!FileSystemCalls.TryLStat(entry, out var status))
                {
                    continue;
                }

                if (!seen.Add((status.DevMajor, status.DevMinor, status.Inode)))
                {
                    continue;
                }

                if (status.Kind == FileKind.Directory)
                {
                    pending.Push(entry);
                }
                else
                {
                    bytes += (ulong)Math.Max(0, status.Size);
                }
            }
        }

        return new WritableLayerUsage(bytes, (ulong)seen.Count);
    }
}
