using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Crisp.Linux;

/// <summary>Raw libc entry points. Callers use the typed wrappers in this project, not these.</summary>
internal static partial class Libc
{
    internal const int LockEx = 2;
    internal const int LockNb = 4;
    internal const int LockUn = 8;

    internal const int EWouldBlock = 11;
    internal const int EIntr = 4;

    internal const int ORdonly = 0x0;
    internal const int ORdwr = 0x2;
    internal const int OCreat = 0x40;
    internal const int OCloexec = 0x80000;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Open(string path, int flags, int mode);

    internal const int AtFdCwd = -100;
    internal const int AtSymlinkNoFollow = 0x100;
    internal const uint StatxType = 0x1;

    /// <summary>statx(2); its buffer layout is the same on every architecture (256 bytes).</summary>
    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    internal static partial int Flock(SafeFileHandle fd, int operation);

    [LibraryImport("libc", EntryPoint = "getpid")]
    internal static partial int GetPid();

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);
}
