using Crisp.Linux;
using Crisp.Storage.Apply;
using Microsoft.Win32.SafeHandles;

namespace Crisp.Storage.Rootfs;

/// <summary>
/// Merges overlay-format layer directories into one plain directory (the vfs driver's copy): whiteouts
/// delete, opaque directories drop what lower layers put there, and everything else is copied with its
/// owner, mode (incl. setuid/sticky), xattrs (except trusted.overlay.*), times, device numbers and
/// hard links within a layer. Works through handles and raw names like <see cref="LayerTreeWriter"/>.
/// </summary>
internal sealed class TreeCopier
{
    private const string OverlayXattrPrefix = "trusted.overlay.";

    private readonly SafeFileHandle _destinationRoot;
    private readonly Dictionary<(uint Major, uint Minor, ulong Inode), byte[]> _links = [];

    private TreeCopier(SafeFileHandle destinationRoot)
    {
        _destinationRoot = destinationRoot;
    }

    /// <summary>Applies <paramref name="layers"/> (bottom first) onto <paramref name="destination"/>.</summary>
    public static void MergeLayers(IEnumerable<string> layers, string destination)
    {
        using var destinationRoot = FileSystemCalls.OpenDirectory(destination);
        foreach (var layer in layers)
        {
            using var source = FileSystemCalls.OpenDirectory(layer, readable: true);
            new TreeCopier(destinationRoot).MergeDirectory(source, destinationRoot, []);
        }
    }

    private void MergeDirectory(SafeFileHandle source, SafeFileHandle destination, byte[] relative)
    {
        foreach (var entry in DirectoryEntries.Read(source))
        {
            var name = entry.Name;
            var status = FileSystemCalls.StatAt(source, name);
            var childRelative = relative.Length == 0 ? name : [.. relative, (byte)'/', .. name];
            if (status.IsWhiteout)
            {
                FileTree.RemoveAt(destination, name);
                continue;
            }

            var exists = FileSystemCalls.TryStatAt(destination, name, out var existing);
            if (status.Kind == FileKind.Directory)
            {
                if (exists && existing.Kind == FileKind.Directory)
                {
                    if (IsOpaque(source, name))
                    {
                        using var stale = FileSystemCalls.OpenDirectoryAt(destination, name, readable: true);
                        FileTree.RemoveContents(stale);
                    }
                }
                else
                {
                    if (exists)
                    {
                        FileTree.RemoveAt(destination, name, existing.Kind);
                    }

                    FileSystemCalls.MakeDirectoryAt(destination, name, 0x1C0);
                }

                using (var sourceChild = FileSystemCalls.OpenDirectoryAt(source, name, readable: true))
                using (var destinationChild = FileSystemCalls.OpenDirectoryAt(destination, name))
                {
                    MergeDirectory(sourceChild, destinationChild, childRelative);
                }

                CopyMetadata(source, destination, name, status);
                continue;
            }

            if (exists)
            {
                FileTree.RemoveAt(destination, name, existing.Kind);
            }

            var key = (status.DevMajor, status.DevMinor, status.Inode);
            if (status.LinkCount > 1 && _links.TryGetValue(key, out var first))
            {
                FileSystemCalls.LinkAt(_destinationRoot, first, destination, name);
                continue;
            }

            switch (status.Kind)
            {
                case FileKind.Regular:
                    using (var from = FileSystemCalls.OpenFileAt(source, name))
                    using (var to = FileSystemCalls.CreateFileAt(destination, name, 0x180))
                    {
                        FileSystemCalls.CopyFileData(from, to);
                    }

                    break;
                case FileKind.Symlink:
                    FileSystemCalls.SymlinkAt(FileSystemCalls.ReadLinkAt(source, name), destination, name);
                    break;
                default:
                    FileSystemCalls.MakeNodeAt(destination, name, status.Mode & 0xF000, status.RdevMajor, status.RdevMinor);
                    break;
            }

            CopyMetadata(source, destination, name, status);
            if (status.LinkCount > 1)
            {
                _links[key] = childRelative;
            }
        }
    }

    private static bool IsOpaque(SafeFileHandle source, byte[] name) =>
        ExtendedAttributes.GetAt(source, name, LayerTreeWriter.OpaqueXattr) is [(byte)'y'];

    /// <summary>lchown → chmod → xattrs → times, as when the layer was applied.</summary>
    private static void CopyMetadata(SafeFileHandle source, SafeFileHandle destination, byte[] name, FileStatus status)
    {
        FileSystemCalls.ChownAt(destination, name, status.Uid, status.Gid);
        if (status.Kind != FileKind.Symlink)
        {
            FileSystemCalls.ChmodAt(destination, name, status.Permissions);
        }

        foreach (var attribute in ExtendedAttributes.ListAt(source, name))
        {
            if (attribute.StartsWith(OverlayXattrPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var value = ExtendedAttributes.GetAt(source, name, attribute);
            if (value is null)
            {
                continue;
            }

            try
            {
                ExtendedAttributes.SetAt(destination, name, attribute, value);
            }
            catch (SystemCallException e) when (e.Errno is Errno.EOpNotSupp or Errno.EPerm)
            {
                // The destination file system does not take this namespace; the copy is still usable.
            }
        }

        FileSystemCalls.SetTimesAt(destination, name, status.AccessTime, status.ModificationTime);
    }
}
