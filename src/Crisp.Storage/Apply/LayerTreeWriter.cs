using System.Text;
using Crisp.Linux;
using Crisp.Storage.Tar;
using Microsoft.Win32.SafeHandles;

namespace Crisp.Storage.Apply;

/// <summary>
/// Applies tar members into a layer directory through directory handles only. Each member's parent is
/// opened beneath the layer root with openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS) (or, on old
/// kernels, component by component with O_NOFOLLOW), so nothing is ever written through a symlink —
/// a member below a symlink is refused. Metadata goes on in the order lchown → chmod → lsetxattr →
/// timestamps (chown clears setuid bits and security.capability); directory times are set last.
/// Whiteouts become overlayfs whiteouts (0:0 character devices) and opaque markers the
/// trusted.overlay.opaque xattr.
/// </summary>
internal sealed class LayerTreeWriter
{
    internal const string OpaqueXattr = "trusted.overlay.opaque";
    private const string OverlayXattrPrefix = "trusted.overlay.";
    private const uint ModeCharDevice = 0x2000;
    private const uint ModeBlockDevice = 0x6000;
    private const uint ModeFifo = 0x1000;

    private static bool _openat2Unavailable;

    private readonly SafeFileHandle _root;
    private readonly byte[] _buffer = new byte[128 * 1024];
    private readonly Dictionary<string, (FileTimestamp Access, FileTimestamp Modified)> _directoryTimes = new(StringComparer.Ordinal);
    private readonly List<string> _warnings = [];

    public LayerTreeWriter(SafeFileHandle root)
    {
        _root = root;
    }

    public long Inodes { get; private set; }

    public long ContentSize { get; private set; }

    public IReadOnlyList<string> Warnings => _warnings;

    public void Apply(TarEntry entry, TarStreamReader reader)
    {
        try
        {
            ApplyCore(entry, reader);
        }
        catch (SystemCallException e)
        {
            throw new IOException($"layer entry '{entry.DisplayName}': {e.Message}", e);
        }
    }

    /// <summary>Sets the deferred directory times, once every member is in place.</summary>
    public void Finish()
    {
        foreach (var (key, times) in _directoryTimes)
        {
            var parts = EntryPath.Normalize(Encoding.Latin1.GetBytes(key))!;
            try
            {
                using var parent = OpenParent(key, parts, parts.Count - 1, create: false);
                if (FileSystemCalls.TryStatAt(parent.Handle, parts[^1], out var status) && status.Kind == FileKind.Directory)
                {
                    FileSystemCalls.SetTimesAt(parent.Handle, parts[^1], times.Access, times.Modified);
                }
            }
            catch (LayerFormatException)
            {
                // Replaced later in the layer by something that is not a directory.
            }
        }
    }

    private void ApplyCore(TarEntry entry, TarStreamReader reader)
    {
        var parts = EntryPath.Normalize(entry.Name) ?? throw Refuse(entry, "path escapes the layer root");
        if (parts.Count == 0)
        {
            // The root itself ("./"): kept as the store created it, like containers/storage.
            if (entry.Type != TarEntryType.Directory)
            {
                throw Refuse(entry, "names the layer root but is not a directory");
            }

            return;
        }

        var name = parts[^1];
        if (name.AsSpan().StartsWith(".wh."u8))
        {
            ApplyWhiteout(entry, parts);
            return;
        }

        using var parent = OpenParent(entry.DisplayName, parts, parts.Count - 1, create: true);
        if (entry.Type == TarEntryType.HardLink)
        {
            ApplyHardLink(entry, parts, parent.Handle);
            return;
        }

        var keptDirectory = RemoveExisting(parent.Handle, name, entry.Type == TarEntryType.Directory);
        switch (entry.Type)
        {
            case TarEntryType.Directory:
                if (!keptDirectory)
                {
                    FileSystemCalls.MakeDirectoryAt(parent.Handle, name, 0x1C0);
                    Inodes++;
                }

                break;
            case TarEntryType.Regular:
                WriteFile(parent.Handle, name, reader);
                Inodes++;
                ContentSize += entry.Size;
                break;
            case TarEntryType.Symlink:
                if (entry.LinkName.Length == 0)
                {
                    throw Refuse(entry, "symlink with an empty target");
                }

                // The target is stored as text; absolute targets are fine because nothing here follows them.
                FileSystemCalls.SymlinkAt(entry.LinkName, parent.Handle, name);
                Inodes++;
                break;
            case TarEntryType.CharDevice:
                FileSystemCalls.MakeNodeAt(parent.Handle, name, ModeCharDevice, entry.DeviceMajor, entry.DeviceMinor);
                Inodes++;
                break;
            case TarEntryType.BlockDevice:
                FileSystemCalls.MakeNodeAt(parent.Handle, name, ModeBlockDevice, entry.DeviceMajor, entry.DeviceMinor);
                Inodes++;
                break;
            case TarEntryType.Fifo:
                FileSystemCalls.MakeNodeAt(parent.Handle, name, ModeFifo, 0, 0);
                Inodes++;
                break;
            default:
                throw Refuse(entry, $"unsupported entry type {entry.Type}");
        }

        ApplyMetadata(entry, parts, parent.Handle, name);
    }

    private void ApplyHardLink(TarEntry entry, List<byte[]> parts, SafeFileHandle parent)
    {
        var target = EntryPath.Normalize(entry.LinkName) ?? throw Refuse(entry, "hard link target escapes the layer root");
        if (target.Count == 0)
        {
            throw Refuse(entry, "hard link to the layer root");
        }

        var targetDisplay = Encoding.UTF8.GetString(EntryPath.Join(target, target.Count));
        if (EntryPath.Join(target, target.Count).AsSpan().SequenceEqual(EntryPath.Join(parts, parts.Count)))
        {
            throw Refuse(entry, "hard link to itself");
        }

        using var targetParent = OpenParent(entry.DisplayName, target, target.Count - 1, create: false);
        if (!FileSystemCalls.TryStatAt(targetParent.Handle, target[^1], out var status))
        {
            throw Refuse(entry, $"hard link target '{targetDisplay}' does not exist earlier in this layer");
        }

        if (status.Kind == FileKind.Directory)
        {
            throw Refuse(entry, $"hard link target '{targetDisplay}' is a directory");
        }

        RemoveExisting(parent, parts[^1], isDirectory: false);
        FileSystemCalls.LinkAt(targetParent.Handle, target[^1], parent, parts[^1]);
    }

    private void ApplyWhiteout(TarEntry entry, List<byte[]> parts)
    {
        var name = parts[^1];
        if (name.AsSpan().SequenceEqual(".wh..wh..opq"u8))
        {
            // Opaque directory: hide everything lower layers have below it.
            using var directory = OpenParent(entry.DisplayName, parts, parts.Count - 1, create: true);
            ExtendedAttributes.Set(directory.Handle, OpaqueXattr, "y"u8);
            return;
        }

        if (name.AsSpan().StartsWith(".wh..wh."u8))
        {
            // Other AUFS metadata (.wh..wh.plnk, .wh..wh.aufs): nothing to apply.
            return;
        }

        var hidden = name[4..];
        if (hidden.Length == 0 || hidden.AsSpan().SequenceEqual("."u8) || hidden.AsSpan().SequenceEqual(".."u8))
        {
            throw Refuse(entry, "invalid whiteout name");
        }

        using var parent = OpenParent(entry.DisplayName, parts, parts.Count - 1, create: true);
        RemoveExisting(parent.Handle, hidden, isDirectory: false);
        FileSystemCalls.MakeNodeAt(parent.Handle, hidden, ModeCharDevice, 0, 0);
        FileSystemCalls.ChownAt(parent.Handle, hidden, entry.Uid, entry.Gid);
        Inodes++;
    }

    private void WriteFile(SafeFileHandle parent, byte[] name, TarStreamReader reader)
    {
        using var file = FileSystemCalls.CreateFileAt(parent, name, 0x180);
        long offset = 0;
        var holeAtEnd = false;
        int n;
        while ((n = reader.ReadData(_buffer)) > 0)
        {
            var chunk = _buffer.AsSpan(0, n);
            if (chunk.ContainsAnyExcept((byte)0))
            {
                RandomAccess.Write(file, chunk, offset);
                holeAtEnd = false;
            }
            else
            {
                // Runs of zeros stay holes (a layer's /var/log/lastlog can be gigabytes of them).
                holeAtEnd = true;
            }

            offset += n;
        }

        if (holeAtEnd)
        {
            RandomAccess.SetLength(file, offset);
        }
    }

    private void ApplyMetadata(TarEntry entry, List<byte[]> parts, SafeFileHandle parent, byte[] name)
    {
        FileSystemCalls.ChownAt(parent, name, entry.Uid, entry.Gid);
        if (entry.Type != TarEntryType.Symlink)
        {
            FileSystemCalls.ChmodAt(parent, name, entry.Mode);
        }

        foreach (var (key, value) in entry.Xattrs)
        {
            if (key.StartsWith(OverlayXattrPrefix, StringComparison.Ordinal))
            {
                _warnings.Add($"{entry.DisplayName}: ignored xattr {key} (overlay metadata cannot come from a layer)");
                continue;
            }

            try
            {
                ExtendedAttributes.SetAt(parent, name, key, value);
            }
            catch (SystemCallException e) when (e.Errno is Errno.EOpNotSupp or Errno.EPerm)
            {
                _warnings.Add($"{entry.DisplayName}: xattr {key} not set: {e.Message}");
            }
        }

        // As containers/storage: the access time is never before the modification time.
        var modified = entry.ModificationTime;
        var access = entry.AccessTime is { } a && (a.Seconds, a.Nanoseconds).CompareTo((modified.Seconds, modified.Nanoseconds)) >= 0 ? a : modified;
        if (entry.Type == TarEntryType.Directory)
        {
            _directoryTimes[Encoding.Latin1.GetString(EntryPath.Join(parts, parts.Count))] = (access, modified);
        }
        else
        {
            FileSystemCalls.SetTimesAt(parent, name, access, modified);
        }
    }

    /// <summary>Removes what is at <paramref name="name"/>, except a directory when a directory is wanted there (merged).</summary>
    private static bool RemoveExisting(SafeFileHandle parent, byte[] name, bool isDirectory)
    {
        if (!FileSystemCalls.TryStatAt(parent, name, out var existing))
        {
            return false;
        }

        if (isDirectory && existing.Kind == FileKind.Directory)
        {
            return true;
        }

        FileTree.RemoveAt(parent, name, existing.Kind);
        return false;
    }

    /// <summary>Opens the directory made of the first <paramref name="count"/> components, never through a symlink.</summary>
    private DirectoryRef OpenParent(string entryName, List<byte[]> parts, int count, bool create)
    {
        if (count == 0)
        {
            return new DirectoryRef(_root, owned: false);
        }

        if (!_openat2Unavailable)
        {
            try
            {
                return new DirectoryRef(FileSystemCalls.OpenBeneath(_root, EntryPath.Join(parts, count), directory: true), owned: true);
            }
            catch (SystemCallException e) when (e.Errno is Errno.ENoSys or Errno.EPerm)
            {
                _openat2Unavailable = true;
            }
            catch (SystemCallException e) when (e.Errno is Errno.ENoEnt or Errno.ENotDir or Errno.ELoop or Errno.EXDev or Errno.EAgain)
            {
                // Missing, or not a plain directory chain: walk it for the precise answer.
            }
        }

        return Walk(entryName, parts, count, create);
    }

    private DirectoryRef Walk(string entryName, List<byte[]> parts, int count, bool create)
    {
        var current = new DirectoryRef(_root, owned: false);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var here = Encoding.UTF8.GetString(EntryPath.Join(parts, i + 1));
                SafeFileHandle next;
                try
                {
                    next = FileSystemCalls.OpenDirectoryAt(current.Handle, parts[i]);
                }
                catch (SystemCallException e) when (e.Errno == Errno.ENoEnt)
                {
                    if (!create)
                    {
                        throw new LayerFormatException($"'{here}' does not exist in this layer", entryName);
                    }

                    // Parents missing from the archive are created root-owned 0755, as containers/storage does.
                    FileSystemCalls.MakeDirectoryAt(current.Handle, parts[i], 0x1ED);
                    FileSystemCalls.ChmodAt(current.Handle, parts[i], 0x1ED);
                    Inodes++;
                    next = FileSystemCalls.OpenDirectoryAt(current.Handle, parts[i]);
                }
                catch (SystemCallException e) when (e.Errno is Errno.ENotDir or Errno.ELoop)
                {
                    throw NotADirectory(entryName, here, current.Handle, parts[i]);
                }

                if (FileSystemCalls.StatAt(next, default).Kind != FileKind.Directory)
                {
                    next.Dispose();
                    throw NotADirectory(entryName, here, current.Handle, parts[i]);
                }

                current.Dispose();
                current = new DirectoryRef(next, owned: true);
            }

            return current;
        }
        catch
        {
            current.Dispose();
            throw;
        }
    }

    private static LayerFormatException NotADirectory(string entryName, string path, SafeFileHandle parent, byte[] name)
    {
        var isSymlink = FileSystemCalls.TryStatAt(parent, name, out var status) && status.Kind == FileKind.Symlink;
        return new LayerFormatException(
            isSymlink
                ? $"'{path}' is a symlink; refusing to extract through it (it could point outside the layer)"
                : $"'{path}' is not a directory",
            entryName);
    }

    private static LayerFormatException Refuse(TarEntry entry, string reason) => new(reason, entry.DisplayName);
}
