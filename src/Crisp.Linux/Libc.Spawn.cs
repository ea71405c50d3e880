using System.Runtime.InteropServices;

namespace Crisp.Linux;

/// <summary>
/// posix_spawn(3) and its attribute and file-action objects. glibc implements posix_spawn with
/// clone(CLONE_VM | CLONE_VFORK), so it is safe from a multi-threaded .NET process (no managed fork).
/// The opaque objects are allocated by the caller with generous sizes (glibc x86-64: 80 and 336 bytes).
/// </summary>
internal static partial class Libc
{
    /// <summary>Bytes reserved for a posix_spawn_file_actions_t (glibc: 80 on 64-bit).</summary>
    internal const int SpawnFileActionsSize = 256;

    /// <summary>Bytes reserved for a posix_spawnattr_t (glibc: 336 on 64-bit).</summary>
    internal const int SpawnAttrSize = 1024;

    /// <summary>Bytes reserved for a sigset_t (glibc: 128).</summary>
    internal const int SigSetSize = 128;

    internal const short PosixSpawnSetSigDef = 0x04;
    internal const short PosixSpawnSetSigMask = 0x08;
    internal const short PosixSpawnSetSid = 0x80;

    [LibraryImport("libc", EntryPoint = "posix_spawn")]
    internal static unsafe partial int PosixSpawn(int* pid, byte* path, void* fileActions, void* attr, byte** argv, byte** envp);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
    internal static unsafe partial int SpawnFileActionsInit(void* fileActions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_destroy")]
    internal static unsafe partial int SpawnFileActionsDestroy(void* fileActions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_adddup2")]
    internal static unsafe partial int SpawnFileActionsAddDup2(void* fileActions, int fd, int newFd);

    /// <summary>Closes <paramref name="fd"/> in the child; glibc ignores EBADF for descriptors that are not open.</summary>
    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addclose")]
    internal static unsafe partial int SpawnFileActionsAddClose(void* fileActions, int fd);

    /// <summary>glibc 2.29+.</summary>
    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addchdir_np")]
    internal static unsafe partial int SpawnFileActionsAddChdir(void* fileActions, byte* path);

    /// <summary>glibc 2.34+: closes every descriptor from <paramref name="lowFd"/> up in the child.</summary>
    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addclosefrom_np")]
    internal static unsafe partial int SpawnFileActionsAddCloseFrom(void* fileActions, int lowFd);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_init")]
    internal static unsafe partial int SpawnAttrInit(void* attr);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_destroy")]
    internal static unsafe partial int SpawnAttrDestroy(void* attr);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setflags")]
    internal static unsafe partial int SpawnAttrSetFlags(void* attr, short flags);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigmask")]
    internal static unsafe partial int SpawnAttrSetSigMask(void* attr, void* sigset);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigdefault")]
    internal static unsafe partial int SpawnAttrSetSigDefault(void* attr, void* sigset);

    [LibraryImport("libc", EntryPoint = "sigemptyset")]
    internal static unsafe partial int SigEmptySet(void* sigset);

    [LibraryImport("libc", EntryPoint = "sigfillset")]
    internal static unsafe partial int SigFillSet(void* sigset);
}
