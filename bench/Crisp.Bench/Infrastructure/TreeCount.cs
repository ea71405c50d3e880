using System.IO.Enumeration;
using Crisp.Linux;

namespace Crisp.Bench.Infrastructure;

/// <summary>What a directory tree holds (the root itself not counted; symlinks not followed).</summary>
internal sealed record TreeCount(long Directories, long RegularFiles, long Symlinks, long Other, long RegularFileBytes)
{
    public long Entries => Directories + RegularFiles + Symlinks + Other;

    public override string ToString() =>
        $"{Entries} entries: {RegularFiles} files ({Images.BenchImages.Mib(RegularFileBytes)}), {Directories} directories, {Symlinks} symlinks, {Other} other";

    public static TreeCount Of(string root)
    {
        long directories = 0, files = 0, symlinks = 0, other = 0, bytes = 0;
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
        var entries = new FileSystemEnumerable<(bool Directory, bool Symlink, bool Regular, long Length)>(root,
            (ref entry) =>
            {
                var symlink = (entry.Attributes & FileAttributes.ReparsePoint) != 0;
                var directory = !symlink && entry.IsDirectory;
                var regular = !symlink && !directory && FileKinds.Of(entry.ToFullPath()) == FileKind.Regular;
                return (directory, symlink, regular, regular ? entry.Length : 0);
            },
            options)
        {
            ShouldRecursePredicate = (ref entry) => (entry.Attributes & FileAttributes.ReparsePoint) == 0,
        };
        foreach (var (directory, symlink, regular, length) in entries)
        {
            if (directory)
            {
                directories++;
            }
            else if (symlink)
            {
                symlinks++;
            }
            else if (regular)
            {
                files++;
                bytes += length;
            }
            else
            {
                other++;
            }
        }

        return new TreeCount(directories, files, symlinks, other, bytes);
    }
}

/// <summary>
/// A read-only overlay mount of layer diff directories (lowerdir only, top layer first): the merged tree a container
/// would see, whiteouts and opaque directories applied by the kernel. Disposing unmounts it.
/// </summary>
internal sealed class OverlayView : IDisposable
{
    private OverlayView(string mountPoint)
    {
        MountPoint = mountPoint;
    }

    public string MountPoint { get; }

    /// <param name="lowerDirectories">Bottom layer first (image order).</param>
    public static OverlayView Mount(IReadOnlyList<string> lowerDirectories, string mountPoint)
    {
        if (lowerDirectories.Count < 2)
        {
            throw new ArgumentException("overlayfs needs at least two lower directories without an upper one", nameof(lowerDirectories));
        }

        Directory.CreateDirectory(mountPoint);
        MountCalls.Mount("overlay", mountPoint, "overlay", MountFlags.ReadOnly, "lowerdir=" + string.Join(':', lowerDirectories.Reverse()));
        return new OverlayView(mountPoint);
    }

    public void Dispose() => MountCalls.Unmount(MountPoint);
}
