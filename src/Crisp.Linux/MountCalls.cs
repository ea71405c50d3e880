using System.Runtime.InteropServices;

namespace Crisp.Linux;

/// <summary>mount(2) flags (MS_*).</summary>
[Flags]
public enum MountFlags : ulong
{
    None = 0,
    ReadOnly = 0x1,
    NoSuid = 0x2,
    NoDev = 0x4,
    NoExec = 0x8,
    Remount = 0x20,
    Bind = 0x1000,
    Recursive = 0x4000,
    Private = 0x40000,
}

/// <summary>Mounting, unmounting and mount-point checks for paths.</summary>
public static class MountCalls
{
    /// <summary>mount(2). <paramref name="data"/> is limited by the kernel to one page.</summary>
    public static void Mount(string? source, string target, string? fileSystemType, MountFlags flags, string? data)
    {
        if (Libc.MountWithData(source, target, fileSystemType, (ulong)flags, data) != 0)
        {
            throw SystemCallException.Last($"mount {fileSystemType ?? "(bind)"} {source}", target);
        }
    }

    /// <summary>
    /// Unmounts <paramref name="target"/> (without following a final symlink). When the mount is busy
    /// and <paramref name="detachIfBusy"/> is set, detaches it lazily (MNT_DETACH) instead. Returns false
    /// when nothing was mounted there (or the path does not exist), so callers can be idempotent.
    /// </summary>
    public static bool Unmount(string target, bool detachIfBusy = true)
    {
        if (Libc.UnmountTarget(target, Libc.UmountNoFollow) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno is Errno.EInval or Errno.ENoEnt)
        {
            return false;
        }

        if (errno == Errno.EBusy && detachIfBusy)
        {
            if (Libc.UnmountTarget(target, Libc.UmountNoFollow | Libc.MntDetach) == 0)
            {
                return true;
            }

            errno = Marshal.GetLastPInvokeError();
        }

        throw new SystemCallException("umount2", errno, target);
    }

    /// <summary>Whether <paramref name="path"/> is the root of a mount (statx STATX_ATTR_MOUNT_ROOT, else the mount table).</summary>
    public static bool IsMountPoint(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (!FileSystemCalls.TryLStat(full, out var status))
        {
            return false;
        }

        if (status.IsMountRoot is { } mountRoot)
        {
            return mountRoot;
        }

        foreach (var mountPoint in MountTable.MountPointsUnder(full))
        {
            if (mountPoint == full)
            {
                return true;
            }
        }

        return false;
    }
}
