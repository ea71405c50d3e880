using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Crisp.Linux;

/// <summary>
/// Waits for a child started with <see cref="ProcessSpawner"/> without holding a thread: its pidfd goes into
/// the shared epoll set, and once it is readable (the child exited) waitpid reaps it. For long-lived children
/// such as a streaming <c>runc exec</c>; <see cref="ProcessReaper.WaitAsync"/> polls on a thread of its own.
/// </summary>
public static class ChildExit
{
    /// <summary>
    /// Waits for the child to exit and reaps it. Null when something else already reaped it (see
    /// <see cref="ProcessReaper"/>). Cancelling leaves the child running and unreaped.
    /// </summary>
    public static async Task<WaitStatus?> WaitAsync(int pid, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pid);
        var fd = Libc.SyscallPidFdOpen(Libc.SysPidFdOpen, pid, 0);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != Libc.ESrch)
            {
                throw new SystemCallException("pidfd_open", errno, pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        else
        {
            using var pidFd = new SafeFileHandle((nint)fd, ownsHandle: true);
            using var registration = DescriptorPoller.Shared.Register(pidFd);
            while (!Pipes.WaitReadable(pidFd, TimeSpan.Zero))
            {
                await registration.WaitAsync(write: false, cancellationToken).ConfigureAwait(false);
            }
        }

        try
        {
            return ProcessReaper.Wait(pid);
        }
        catch (SystemCallException e) when (e.Errno == Libc.EChild)
        {
            return null;
        }
    }
}
