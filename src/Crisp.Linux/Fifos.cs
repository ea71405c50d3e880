using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Crisp.Linux;

/// <summary>Named pipes (FIFOs) such as conmon's control fifo.</summary>
public static class Fifos
{
    private const int ENxio = 6;
    private const int ONonblock = 0x800;

    /// <summary>
    /// Opens a FIFO for writing without blocking (O_NONBLOCK | O_CLOEXEC). Null when nobody has it open for
    /// reading (ENXIO) — a plain open would hang until a reader came — or when it does not exist.
    /// </summary>
    public static SafeFileHandle? TryOpenWriter(string path)
    {
        var fd = Libc.Open(path, Libc.OWronly | ONonblock | Libc.OCloexec, 0);
        if (fd >= 0)
        {
            return new SafeFileHandle(fd, ownsHandle: true);
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno is ENxio or Errno.ENoEnt ? null : throw new SystemCallException("open", errno, path);
    }
}
