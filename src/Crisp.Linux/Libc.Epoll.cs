using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Crisp.Linux;

/// <summary>epoll(7) and descriptor flags, for non-blocking I/O on pipes, terminals and pidfds.</summary>
internal static partial class Libc
{
    internal const int EpollCloexec = 0x80000;
    internal const int EpollCtlAdd = 1;
    internal const int EpollCtlDel = 2;
    internal const int EpollCtlMod = 3;

    internal const uint EpollIn = 0x001;
    internal const uint EpollOut = 0x004;
    internal const uint EpollErr = 0x008;
    internal const uint EpollHup = 0x010;
    internal const uint EpollOneShot = 1u << 30;

    internal const int FGetFl = 3;
    internal const int FSetFl = 4;
    internal const int ONonblock = 0x800;

    internal const int EPipe = 32;

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    internal static partial int EpollCreate1(int flags);

    /// <summary>
    /// epoll_ctl(2). <paramref name="ev"/> points at a struct epoll_event, whose layout differs by architecture
    /// (packed, 12 bytes on x86-64; 16 bytes elsewhere): see <see cref="DescriptorPoller"/>.
    /// </summary>
    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    internal static unsafe partial int EpollCtl(SafeFileHandle epfd, int op, SafeHandle fd, byte* ev);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    internal static unsafe partial int EpollWait(SafeFileHandle epfd, byte* events, int maxEvents, int timeout);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    internal static partial int Fcntl(SafeHandle fd, int command, int argument);
}
