using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Crisp.Linux;

/// <summary>
/// Recursive removal through directory handles: symlinks are unlinked, never followed, and names are
/// raw bytes, so trees with non-UTF-8 names (as container layers may have) are removed completely.
/// </summary>
public static class FileTree
{
    /// <summary>Removes <paramref name="name"/> in <paramref name="directory"/> and everything below it; a missing entry is fine.</summary>
    public static void RemoveAt(SafeFileHandle directory, ReadOnlySpan<byte> name, FileKind? kind = null)
    {
        if (kind != FileKind.Directory)
        {
            try
            {
                FileSystemCalls.UnlinkAt(directory, name, isDirectory: false);
                return;
            }
            catch (SystemCallException e) when (e.Errno == Errno.ENoEnt)
            {
                return;
            }
            catch (SystemCallException e) when (e.Errno is Errno.EIsDir or Errno.EPerm)
            {
                // A directory: empty it below.
            }
        }

        SafeFileHandle child;
        try
        {
            child = FileSystemCalls.OpenDirectoryAt(directory, name, readable: true);
        }
        catch (SystemCallException e) when (e.Errno == Errno.ENoEnt)
        {
            return;
        }

        using (child)
        {
            RemoveContents(child);
        }

        try
        {
            FileSystemCalls.UnlinkAt(directory, name, isDirectory: true);
        }
        catch (SystemCallException e) when (e.Errno == Errno.ENoEnt)
        {
        }
    }

    /// <summary>Empties a directory opened readable, keeping the directory itself.</summary>
    public static void RemoveContents(SafeFileHandle directory)
    {
        foreach (var entry in DirectoryEntries.Read(directory))
        {
            RemoveAt(directory, entry.Name, entry.Kind);
        }
    }

    /// <summary>Removes a path and everything below it (a final symlink is removed, not followed); missing is fine.</summary>
    public static void Remove(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var parent = Path.GetDirectoryName(full);
        if (parent is null)
        {
            throw new ArgumentException("refusing to remove the root directory", nameof(path));
        }

        SafeFileHandle parentHandle;
        try
        {
            parentHandle = FileSystemCalls.OpenDirectory(parent);
        }
        catch (SystemCallException e) when (e.Errno is Errno.ENoEnt or Errno.ENotDir)
        {
            return;
        }

        using (parentHandle)
        {
            RemoveAt(parentHandle, Encoding.UTF8.GetBytes(Path.GetFileName(full)));
        }
    }
}
