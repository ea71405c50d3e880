using Crisp.Linux;
using Crisp.Storage.Rootfs;

namespace Crisp.Storage;

/// <summary>
/// The fallback when overlayfs is unavailable: the layers are merged by copying into the container's
/// upper directory (once; a marker in the work directory records a completed copy, so a restarted
/// daemon does not overwrite the container's changes), which is then bind-mounted on the target.
/// Slow and space-hungry, like containers/storage's vfs driver, but works on any file system.
/// </summary>
public sealed class VfsDriver : IRootfsDriver
{
    private const string PopulatedMarker = ".vfs-populated";

    public string Name => "vfs";

    public void Mount(RootfsMountRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (MountCalls.IsMountPoint(request.Target))
        {
            return;
        }

        Directory.CreateDirectory(request.UpperDirectory);
        Directory.CreateDirectory(request.WorkDirectory);
        Directory.CreateDirectory(request.Target);
        var marker = Path.Combine(request.WorkDirectory, PopulatedMarker);
        if (!File.Exists(marker))
        {
            using (var upper = FileSystemCalls.OpenDirectory(request.UpperDirectory, readable: true))
            {
                FileTree.RemoveContents(upper);
            }

            TreeCopier.MergeLayers(request.LowerDirectories.Reverse(), request.UpperDirectory);
            File.WriteAllBytes(marker, []);
        }

        MountCalls.Mount(request.UpperDirectory, request.Target, null, MountFlags.Bind, null);
        var flags = (request.ReadOnly ? MountFlags.ReadOnly : 0) | (request.NoDev ? MountFlags.NoDev : 0) | (request.NoSuid ? MountFlags.NoSuid : 0);
        if (flags != 0)
        {
            try
            {
                MountCalls.Mount(null, request.Target, null, MountFlags.Bind | MountFlags.Remount | flags, null);
            }
            catch
            {
                RootfsMounts.Unmount(request.Target);
                throw;
            }
        }
    }

    public void Unmount(string target) => RootfsMounts.Unmount(target);

    public bool IsMounted(string target) => MountCalls.IsMountPoint(target);
}
