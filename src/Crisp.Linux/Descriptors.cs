using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Crisp.Linux;

/// <summary>Descriptor-level operations: duplicating (close-on-exec) and the non-blocking flag.</summary>
public static class Descriptors
{
    /// <summary>A close-on-exec duplicate numbered 3 or above; it shares the open file description (and its flags).</summary>
    public static SafeFileHandle Duplicate(SafeHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var fd = Libc.FcntlDupFd(handle, Libc.FDupFdCloexec, 3);
        return fd < 0 ? throw SystemCallException.Last("fcntl(F_DUPFD_CLOEXEC)") : new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>Sets O_NONBLOCK on the open file description (every duplicate of it sees the change).</summary>
    public static void SetNonBlocking(SafeHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var flags = Libc.Fcntl(handle, Libc.FGetFl, 0);
        if (flags < 0)
        {
            throw SystemCallException.Last("fcntl(F_GETFL)");
        }

        if ((flags & Libc.ONonblock) == 0 && Libc.Fcntl(handle, Libc.FSetFl, flags | Libc.ONonblock) < 0)
        {
            throw SystemCallException.Last("fcntl(F_SETFL)");
        }
    }
}
