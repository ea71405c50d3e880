using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Crisp.Linux;

/// <summary>
/// Typed wrappers over the *at(2) family. Entries are named by an open directory plus a raw byte name,
/// so callers never build paths that the kernel would re-resolve through symlinks. Failures throw
/// <see cref="SystemCallException"/> carrying the errno.
/// </summary>
public static class FileSystemCalls
{
    private const int StatxBufferSize = 256;

    /// <summary>AT_FDCWD as a non-owning handle: relative names resolve against the working directory.</summary>
    public static SafeFileHandle CurrentDirectory { get; } = new(Libc.AtFdCwd, ownsHandle: false);

    internal static bool IsCurrentDirectory(SafeFileHandle handle) =>
        ReferenceEquals(handle, CurrentDirectory) || handle.DangerousGetHandle() == Libc.AtFdCwd;

    /// <summary>Opens a directory by path (following symlinks), as an O_PATH handle unless <paramref name="readable"/>.</summary>
    public static SafeFileHandle OpenDirectory(string path, bool readable = false) =>
        OpenAtCore(CurrentDirectory, NativeString.From(path), Libc.ODirectory | (readable ? 0 : Libc.OPath), 0, path);

    /// <summary>Opens the directory <paramref name="name"/> inside <paramref name="directory"/> without following a symlink.</summary>
    public static SafeFileHandle OpenDirectoryAt(SafeFileHandle directory, ReadOnlySpan<byte> name, bool readable = false) =>
        OpenAtCore(directory, NativeString.From(name), Libc.ODirectory | Libc.ONofollow | (readable ? 0 : Libc.OPath), 0, NativeString.Display(name));

    /// <summary>Creates a new regular file for writing (O_EXCL, never through a symlink).</summary>
    public static SafeFileHandle CreateFileAt(SafeFileHandle directory, ReadOnlySpan<byte> name, uint mode) =>
        OpenAtCore(directory, NativeString.From(name), Libc.OWronly | Libc.OCreat | Libc.OExcl | Libc.ONofollow, mode, NativeString.Display(name));

    /// <summary>Opens an existing regular file for reading, never through a symlink.</summary>
    public static SafeFileHandle OpenFileAt(SafeFileHandle directory, ReadOnlySpan<byte> name) =>
        OpenAtCore(directory, NativeString.From(name), Libc.ONofollow, 0, NativeString.Display(name));

    /// <summary>
    /// Opens <paramref name="relativePath"/> strictly beneath <paramref name="root"/> with openat2(2)
    /// (RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS): no component may be a symlink or "..".
    /// Throws with errno ENOSYS on kernels older than 5.6.
    /// </summary>
    public static unsafe SafeFileHandle OpenBeneath(SafeFileHandle root, ReadOnlySpan<byte> relativePath, bool directory)
    {
        var path = NativeString.From(relativePath);
        var how = new Libc.OpenHow
        {
            Flags = (ulong)(Libc.OCloexec | Libc.OPath | (directory ? Libc.ODirectory : Libc.ONofollow)),
            Resolve = Libc.ResolveBeneath | Libc.ResolveNoSymlinks | Libc.ResolveNoMagicLinks,
        };
        long fd;
        fixed (byte* p = path)
        {
            fd = Libc.SyscallOpenAt2(Libc.SysOpenAt2, root, p, &how, (nuint)sizeof(Libc.OpenHow));
        }

        return fd < 0
            ? throw SystemCallException.Last("openat2", NativeString.Display(relativePath))
            : new SafeFileHandle((nint)fd, ownsHandle: true);
    }

    public static unsafe void MakeDirectoryAt(SafeFileHandle directory, ReadOnlySpan<byte> name, uint mode)
    {
        var path = NativeString.From(name);
        fixed (byte* p = path)
        {
            Check(Libc.MkdirAt(directory, p, mode), "mkdirat", name);
        }
    }

    /// <summary>mknodat(2); <paramref name="mode"/> carries the file type (S_IFCHR, S_IFBLK, S_IFIFO) and permissions.</summary>
    public static unsafe void MakeNodeAt(SafeFileHandle directory, ReadOnlySpan<byte> name, uint mode, uint major, uint minor)
    {
        var path = NativeString.From(name);
        fixed (byte* p = path)
        {
            Check(Libc.MknodAt(directory, p, mode, MakeDev(major, minor)), "mknodat", name);
        }
    }

    public static unsafe void SymlinkAt(ReadOnlySpan<byte> target, SafeFileHandle directory, ReadOnlySpan<byte> name)
    {
        var t = NativeString.From(target);
        var path = NativeString.From(name);
        fixed (byte* pt = t)
        fixed (byte* p = path)
        {
            Check(Libc.SymlinkAt(pt, directory, p), "symlinkat", name);
        }
    }

    /// <summary>Hard-links an existing entry (a symlink is linked itself, not followed).</summary>
    public static unsafe void LinkAt(SafeFileHandle fromDirectory, ReadOnlySpan<byte> fromName, SafeFileHandle toDirectory, ReadOnlySpan<byte> toName)
    {
        var from = NativeString.From(fromName);
        var to = NativeString.From(toName);
        fixed (byte* pf = from)
        fixed (byte* pt = to)
        {
            Check(Libc.LinkAt(fromDirectory, pf, toDirectory, pt, 0), "linkat", toName);
        }
    }

    public static unsafe byte[] ReadLinkAt(SafeFileHandle directory, ReadOnlySpan<byte> name)
    {
        var path = NativeString.From(name);
        var buffer = new byte[4097];
        nint n;
        fixed (byte* p = path)
        fixed (byte* b = buffer)
        {
            n = Libc.ReadLinkAt(directory, p, b, (nuint)buffer.Length);
        }

        return n < 0 ? throw SystemCallException.Last("readlinkat", NativeString.Display(name)) : buffer[..(int)n];
    }

    /// <summary>lchown semantics: a symlink's own owner is changed.</summary>
    public static unsafe void ChownAt(SafeFileHandle directory, ReadOnlySpan<byte> name, uint uid, uint gid)
    {
        var path = NativeString.From(name);
        fixed (byte* p = path)
        {
            Check(Libc.FchownAt(directory, p, uid, gid, Libc.AtSymlinkNoFollow | (name.IsEmpty ? Libc.AtEmptyPath : 0)), "fchownat", name);
        }
    }

    /// <summary>Sets all 07777 bits (no umask). Follows a final symlink: never call it on one.</summary>
    public static unsafe void ChmodAt(SafeFileHandle directory, ReadOnlySpan<byte> name, uint mode)
    {
        var path = NativeString.From(name);
        fixed (byte* p = path)
        {
            Check(Libc.FchmodAt(directory, p, mode & 0xFFF, 0), "fchmodat", name);
        }
    }

    public static unsafe void UnlinkAt(SafeFileHandle directory, ReadOnlySpan<byte> name, bool isDirectory)
    {
        var path = NativeString.From(name);
        fixed (byte* p = path)
        {
            Check(Libc.UnlinkAt(directory, p, isDirectory ? Libc.AtRemoveDir : 0), "unlinkat", name);
        }
    }

    public static unsafe void RenameAt(SafeFileHandle fromDirectory, ReadOnlySpan<byte> fromName, SafeFileHandle toDirectory, ReadOnlySpan<byte> toName)
    {
        var from = NativeString.From(fromName);
        var to = NativeString.From(toName);
        fixed (byte* pf = from)
        fixed (byte* pt = to)
        {
            Check(Libc.RenameAt(fromDirectory, pf, toDirectory, pt), "renameat", toName);
        }
    }

    /// <summary>Sets access and modification times without following a final symlink.</summary>
    public static unsafe void SetTimesAt(SafeFileHandle directory, ReadOnlySpan<byte> name, FileTimestamp accessTime, FileTimestamp modificationTime)
    {
        var path = NativeString.From(name);
        var times = stackalloc Libc.Timespec[2];
        times[0] = new Libc.Timespec { Seconds = accessTime.Seconds, Nanoseconds = accessTime.Nanoseconds };
        times[1] = new Libc.Timespec { Seconds = modificationTime.Seconds, Nanoseconds = modificationTime.Nanoseconds };
        fixed (byte* p = path)
        {
            Check(Libc.UtimensAt(directory, p, times, Libc.AtSymlinkNoFollow), "utimensat", name);
        }
    }

    /// <summary>statx of an entry (not following a final symlink); an empty name means the directory handle itself.</summary>
    public static FileStatus StatAt(SafeFileHandle directory, ReadOnlySpan<byte> name) =>
        TryStatAt(directory, name, out var status) ? status : throw new SystemCallException("statx", Errno.ENoEnt, NativeString.Display(name));

    /// <summary>Like <see cref="StatAt"/> but returns false when the entry (or a parent) does not exist.</summary>
    public static unsafe bool TryStatAt(SafeFileHandle directory, ReadOnlySpan<byte> name, out FileStatus status)
    {
        var path = NativeString.From(name);
        var flags = Libc.AtSymlinkNoFollow | (name.IsEmpty ? Libc.AtEmptyPath : 0);
        Span<byte> buffer = stackalloc byte[StatxBufferSize];
        int rc;
        fixed (byte* p = path)
        fixed (byte* b = buffer)
        {
            rc = Libc.StatxAt(directory, p, flags, Libc.StatxBasicStats, b);
        }

        if (rc != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            status = default;
            return errno is Errno.ENoEnt or Errno.ENotDir
                ? false
                : throw new SystemCallException("statx", errno, NativeString.Display(name));
        }

        status = FileStatus.Parse(buffer);
        return true;
    }

    /// <summary>lstat of a path.</summary>
    public static FileStatus LStat(string path) =>
        TryLStat(path, out var status) ? status : throw new SystemCallException("statx", Errno.ENoEnt, path);

    public static bool TryLStat(string path, out FileStatus status) =>
        TryStatAt(CurrentDirectory, System.Text.Encoding.UTF8.GetBytes(path), out status);

    /// <summary>Copies a whole file with copy_file_range(2) (reflinks where the file system can), falling back to read/write.</summary>
    public static unsafe long CopyFileData(SafeFileHandle source, SafeFileHandle destination)
    {
        long total = 0;
        while (true)
        {
            var n = Libc.CopyFileRange(source, null, destination, null, 1 << 30, 0);
            if (n == 0)
            {
                return total;
            }

            if (n < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno is Errno.EXDev or Errno.EInval or Errno.ENoSys or Errno.EOpNotSupp && total == 0)
                {
                    return CopyByReading(source, destination);
                }

                throw new SystemCallException("copy_file_range", errno);
            }

            total += n;
        }
    }

    public static void Fsync(SafeFileHandle handle) => Check(Libc.Fsync(handle), "fsync", default);

    /// <summary>Makes a rename or create inside <paramref name="path"/> durable.</summary>
    public static void FsyncDirectory(string path)
    {
        using var handle = OpenDirectory(path, readable: true);
        Check(Libc.Fsync(handle), "fsync", System.Text.Encoding.UTF8.GetBytes(path));
    }

    /// <summary>syncfs(2): flushes the whole file system holding <paramref name="path"/>.</summary>
    public static void SyncFileSystem(string path)
    {
        using var handle = OpenDirectory(path, readable: true);
        Check(Libc.SyncFs(handle), "syncfs", System.Text.Encoding.UTF8.GetBytes(path));
    }

    /// <summary>glibc's makedev encoding.</summary>
    internal static ulong MakeDev(uint major, uint minor) =>
        ((ulong)(major & 0xFFFFF000) << 32) | ((ulong)(major & 0xFFF) << 8) | ((ulong)(minor & 0xFFFFFF00) << 12) | (minor & 0xFF);

    private static unsafe SafeFileHandle OpenAtCore(SafeFileHandle directory, byte[] path, int flags, uint mode, string display)
    {
        int fd;
        fixed (byte* p = path)
        {
            fd = Libc.OpenAt(directory, p, flags | Libc.OCloexec, mode);
        }

        return fd < 0 ? throw SystemCallException.Last("openat", display) : new SafeFileHandle(fd, ownsHandle: true);
    }

    private static unsafe long CopyByReading(SafeFileHandle source, SafeFileHandle destination)
    {
        var buffer = new byte[128 * 1024];
        long total = 0;
        fixed (byte* b = buffer)
        {
            while (true)
            {
                var n = Libc.ReadFd(source, b, (nuint)buffer.Length);
                if (n < 0)
                {
                    throw SystemCallException.Last("read");
                }

                if (n == 0)
                {
                    return total;
                }

                for (nint written = 0; written < n;)
                {
                    var w = Libc.WriteFd(destination, b + written, (nuint)(n - written));
                    if (w < 0)
                    {
                        throw SystemCallException.Last("write");
                    }

                    written += w;
                }

                total += n;
            }
        }
    }

    private static void Check(int rc, string operation, ReadOnlySpan<byte> name)
    {
        if (rc != 0)
        {
            throw SystemCallException.Last(operation, name.IsEmpty ? null : NativeString.Display(name));
        }
    }
}
