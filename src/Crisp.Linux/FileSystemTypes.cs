using System.Runtime.InteropServices;

namespace Crisp.Linux;

/// <summary>File-system type checks by magic number (statfs f_type), for example to tell a pinned namespace file.</summary>
public static class FileSystemTypes
{
    /// <summary>NSFS_MAGIC: the file system of /proc/PID/ns/* entries and of their bind mounts.</summary>
    public const long NsfsMagic = 0x6e736673;

    /// <summary>
    /// The f_type of the file system holding <paramref name="path"/> (following symlinks), or null when the path
    /// does not exist.
    /// </summary>
    public static unsafe long? TryGetMagic(string path)
    {
        var buffer = stackalloc byte[Libc.StatFsBufferSize];
        if (Libc.StatFsPath(path, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno is Errno.ENoEnt or Errno.ENotDir ? null : throw new SystemCallException("statfs", errno, path);
        }

        return *(long*)buffer;
    }

    /// <summary>Whether <paramref name="path"/> is a namespace file (a /proc/PID/ns entry or a bind mount of one).</summary>
    public static bool IsNamespaceFile(string path) => TryGetMagic(path) == NsfsMagic;
}
