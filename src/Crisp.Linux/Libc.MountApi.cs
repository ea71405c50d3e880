using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Crisp.Linux;

/// <summary>
/// mount(2)/umount2(2) and the new mount API (fsopen, fsconfig, fsmount, move_mount). The new calls go
/// through syscall(2): glibc only wraps them from 2.36, and their numbers are the same on every architecture.
/// </summary>
internal static partial class Libc
{
    internal const long SysMoveMount = 429;
    internal const long SysFsOpen = 430;
    internal const long SysFsConfig = 431;
    internal const long SysFsMount = 432;

    internal const long FsOpenCloexec = 0x1;
    internal const long FsMountCloexec = 0x1;
    internal const long MoveMountFEmptyPath = 0x4;

    internal const long FsConfigSetFlag = 0;
    internal const long FsConfigSetString = 1;
    internal const long FsConfigSetFd = 5;
    internal const long FsConfigCmdCreate = 6;

    internal const int MntDetach = 0x2;
    internal const int UmountNoFollow = 0x8;

    [LibraryImport("libc", EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MountWithData(string? source, string target, string? fsType, ulong flags, string? data);

    [LibraryImport("libc", EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int UnmountTarget(string target, int flags);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    internal static unsafe partial long SyscallFsOpen(long number, byte* fsName, long flags);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    internal static unsafe partial long SyscallFsConfig(long number, SafeFileHandle fsfd, long command, byte* key, byte* value, long aux);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    internal static unsafe partial long SyscallFsConfigFd(long number, SafeFileHandle fsfd, long command, byte* key, byte* value, SafeFileHandle aux);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    internal static partial long SyscallFsMount(long number, SafeFileHandle fsfd, long flags, long attributes);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    internal static unsafe partial long SyscallMoveMount(long number, SafeFileHandle fromDirfd, byte* fromPath, long toDirfd, byte* toPath, long flags);
}
