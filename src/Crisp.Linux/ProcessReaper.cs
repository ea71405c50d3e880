using System.Runtime.InteropServices;

namespace Crisp.Linux;

/// <summary>
/// Reaps children started with <see cref="ProcessSpawner"/> (waitpid(2) on one pid, never -1).
/// <para>
/// .NET's own SIGCHLD handling only reaps the children System.Diagnostics.Process started, with one
/// exception: when the process inherited SIGCHLD as SIG_IGN, the runtime reaps every child (waitpid(-1)),
/// so ours may already be gone. Then waitpid fails with ECHILD and these methods report that as
/// <see cref="SystemCallException"/> with <see cref="Errno"/> 10 (or null from <see cref="WaitAsync"/>).
/// </para>
/// </summary>
public static class ProcessReaper
{
    /// <summary>waitpid(WNOHANG): null while the child is still running.</summary>
    public static unsafe WaitStatus? TryReap(int pid)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pid);
        int status;
        int result;
        do
        {
            result = Libc.WaitPid(pid, &status, Libc.WNoHang);
        }
        while (result < 0 && Marshal.GetLastPInvokeError() == Libc.EIntr);

        return result switch
        {
            < 0 => throw SystemCallException.Last("waitpid", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            0 => null,
            _ => new WaitStatus(status),
        };
    }

    /// <summary>Blocking waitpid(pid, 0). Call it on a thread that may block.</summary>
    public static unsafe WaitStatus Wait(int pid)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pid);
        int status;
        int result;
        do
        {
            result = Libc.WaitPid(pid, &status, 0);
        }
        while (result < 0 && Marshal.GetLastPInvokeError() == Libc.EIntr);

        return result < 0 ? throw SystemCallException.Last("waitpid", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)) : new WaitStatus(status);
    }

    /// <summary>
    /// Waits for a child to exit and reaps it: a pidfd is polled on a dedicated thread (so cancellation is
    /// honoured), then waitpid collects the status. Null when something else already reaped the child.
    /// Cancelling leaves the child running and unreaped.
    /// </summary>
    public static async Task<WaitStatus?> WaitAsync(int pid, CancellationToken cancellationToken = default)
    {
        using (var pidFd = PidFd.TryOpen(pid))
        {
            if (pidFd is not null)
            {
                await pidFd.WaitForExitAsync(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
            }
        }

        try
        {
            return Wait(pid);
        }
        catch (SystemCallException e) when (e.Errno == Libc.EChild)
        {
            return null;
        }
    }
}
