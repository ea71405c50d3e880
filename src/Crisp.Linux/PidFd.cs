using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Crisp.Linux;

/// <summary>
/// A pidfd (pidfd_open(2), Linux 5.3+): a stable reference to one process that cannot be confused with a
/// later process reusing the pid. It signals without that race and becomes readable when the process
/// exits, whether or not it is our child.
/// </summary>
public sealed class PidFd : IDisposable
{
    private static readonly TimeSpan _pollSlice = TimeSpan.FromMilliseconds(200);
    private readonly SafeFileHandle _handle;

    private PidFd(int pid, SafeFileHandle handle)
    {
        Pid = pid;
        _handle = handle;
    }

    public int Pid { get; }

    /// <summary>Opens a pidfd; null when no such process exists (already exited and reaped).</summary>
    public static PidFd? TryOpen(int pid)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pid);
        var fd = Libc.SyscallPidFdOpen(Libc.SysPidFdOpen, pid, 0);
        if (fd >= 0)
        {
            // pidfds are always close-on-exec.
            return new PidFd(pid, new SafeFileHandle((nint)fd, ownsHandle: true));
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == Libc.ESrch ? null : throw new SystemCallException("pidfd_open", errno, pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Whether the process has exited (it may still be an unreaped zombie).</summary>
    public bool HasExited => Pipes.WaitReadable(_handle, TimeSpan.Zero);

    /// <summary>Sends a signal (pidfd_send_signal); false when the process has already exited.</summary>
    public unsafe bool Signal(int signal)
    {
        if (Libc.SyscallPidFdSendSignal(Libc.SysPidFdSendSignal, _handle, signal, null, 0) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == Libc.ESrch ? false : throw new SystemCallException("pidfd_send_signal", errno, Pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Blocks until the process exits or the timeout passes; true when it exited.</summary>
    public bool WaitForExit(TimeSpan timeout) => Pipes.WaitReadable(_handle, timeout);

    /// <summary>Waits on a dedicated thread; true when the process exited within <paramref name="timeout"/>.</summary>
    public Task<bool> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Task.Factory.StartNew(
            () =>
            {
                var deadline = timeout == Timeout.InfiniteTimeSpan ? DateTime.MaxValue : DateTime.UtcNow + timeout;
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var remaining = deadline == DateTime.MaxValue ? _pollSlice : deadline - DateTime.UtcNow;
                    if (remaining <= TimeSpan.Zero)
                    {
                        return HasExited;
                    }

                    if (Pipes.WaitReadable(_handle, remaining < _pollSlice ? remaining : _pollSlice))
                    {
                        return true;
                    }
                }
            },
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    public void Dispose() => _handle.Dispose();
}
