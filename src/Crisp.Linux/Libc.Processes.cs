using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Crisp.Linux;

/// <summary>Child reaping, pidfds, pipes and poll(2).</summary>
internal static partial class Libc
{
    internal const int WNoHang = 1;
    internal const int EChild = 10;
    internal const int ESrch = 3;

    internal const int FDupFdCloexec = 1030;

    internal const short PollIn = 0x001;
    internal const short PollErr = 0x008;
    internal const short PollHup = 0x010;
    internal const short PollNval = 0x020;

    /// <summary>pidfd_open(2) and pidfd_send_signal(2) use the same numbers on every architecture.</summary>
    internal const long SysPidFdOpen = 434;
    internal const long SysPidFdSendSignal = 424;

    [StructLayout(LayoutKind.Sequential)]
    internal struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    internal static unsafe partial int WaitPid(int pid, int* status, int options);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    internal static partial long SyscallPidFdOpen(long number, int pid, uint flags);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    internal static unsafe partial long SyscallPidFdSendSignal(long number, SafeHandle pidfd, int signal, void* info, uint flags);

    [LibraryImport("libc", EntryPoint = "pipe2", SetLastError = true)]
    internal static unsafe partial int Pipe2(int* fds, int flags);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    internal static unsafe partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    internal static partial int FcntlDupFd(SafeHandle fd, int command, int minimumFd);
}
