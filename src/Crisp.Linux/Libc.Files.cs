using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Crisp.Linux;

/// <summary>
/// File-system entry points used by the layer store: *at(2) calls relative to directory fds, xattrs,
/// directory reading and data copying. Paths are NUL-terminated byte strings (Linux names are bytes).
/// </summary>
internal static partial class Libc
{
    internal const int OWronly = 0x1;
    internal const int OExcl = 0x80;
    internal const int OPath = 0x200000;

    internal const int AtRemoveDir = 0x200;
    internal const int AtEmptyPath = 0x1000;

    internal const uint StatxBasicStats = 0x7FF;

    internal const long SysOpenAt2 = 437;
    internal const ulong ResolveNoXdev = 0x01;
    internal const ulong ResolveNoMagicLinks = 0x02;
    internal const ulong ResolveNoSymlinks = 0x04;
    internal const ulong ResolveBeneath = 0x08;

    /// <summary>O_DIRECTORY and O_NOFOLLOW differ between x86-64 (and most others) and arm64.</summary>
    internal static int ODirectory => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x4000 : 0x10000;

    internal static int ONofollow => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;

    [StructLayout(LayoutKind.Sequential)]
    internal struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true)]
    internal static unsafe partial int OpenAt(SafeFileHandle dirfd, byte* path, int flags, uint mode);

    /// <summary>openat2(2) has no glibc wrapper before 2.39; its number is the same on every architecture.</summary>
    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    internal static unsafe partial long SyscallOpenAt2(long number, SafeFileHandle dirfd, byte* path, OpenHow* how, nuint size);

    [LibraryImport("libc", EntryPoint = "mkdirat", SetLastError = true)]
    internal static unsafe partial int MkdirAt(SafeFileHandle dirfd, byte* path, uint mode);

    [LibraryImport("libc", EntryPoint = "mknodat", SetLastError = true)]
    internal static unsafe partial int MknodAt(SafeFileHandle dirfd, byte* path, uint mode, ulong dev);

    [LibraryImport("libc", EntryPoint = "symlinkat", SetLastError = true)]
    internal static unsafe partial int SymlinkAt(byte* target, SafeFileHandle dirfd, byte* linkpath);

    [LibraryImport("libc", EntryPoint = "linkat", SetLastError = true)]
    internal static unsafe partial int LinkAt(SafeFileHandle olddirfd, byte* oldpath, SafeFileHandle newdirfd, byte* newpath, int flags);

    [LibraryImport("libc", EntryPoint = "readlinkat", SetLastError = true)]
    internal static unsafe partial nint ReadLinkAt(SafeFileHandle dirfd, byte* path, byte* buffer, nuint size);

    [LibraryImport("libc", EntryPoint = "fchownat", SetLastError = true)]
    internal static unsafe partial int FchownAt(SafeFileHandle dirfd, byte* path, uint owner, uint group, int flags);

    [LibraryImport("libc", EntryPoint = "fchmodat", SetLastError = true)]
    internal static unsafe partial int FchmodAt(SafeFileHandle dirfd, byte* path, uint mode, int flags);

    [LibraryImport("libc", EntryPoint = "unlinkat", SetLastError = true)]
    internal static unsafe partial int UnlinkAt(SafeFileHandle dirfd, byte* path, int flags);

    [LibraryImport("libc", EntryPoint = "renameat", SetLastError = true)]
    internal static unsafe partial int RenameAt(SafeFileHandle olddirfd, byte* oldpath, SafeFileHandle newdirfd, byte* newpath);

    [LibraryImport("libc", EntryPoint = "utimensat", SetLastError = true)]
    internal static unsafe partial int UtimensAt(SafeFileHandle dirfd, byte* path, Timespec* times, int flags);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    internal static unsafe partial int StatxAt(SafeFileHandle dirfd, byte* path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "getdents64", SetLastError = true)]
    internal static unsafe partial nint GetDents64(SafeFileHandle fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "copy_file_range", SetLastError = true)]
    internal static unsafe partial nint CopyFileRange(SafeFileHandle fdIn, long* offIn, SafeFileHandle fdOut, long* offOut, nuint length, uint flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    internal static unsafe partial nint ReadFd(SafeFileHandle fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    internal static unsafe partial nint WriteFd(SafeFileHandle fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    internal static partial int Fsync(SafeFileHandle fd);

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    internal static partial int SyncFs(SafeFileHandle fd);
}
