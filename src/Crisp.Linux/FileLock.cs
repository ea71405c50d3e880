using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Crisp.Linux;

/// <summary>
/// An exclusive advisory lock (flock) on a file, held until disposed. The file records the
/// holder's pid so an operator can see who owns it.
/// </summary>
public sealed class FileLock : IDisposable
{
    private readonly SafeFileHandle _handle;

    private FileLock(string path, SafeFileHandle handle)
    {
        Path = path;
        _handle = handle;
    }

    public string Path { get; }

    /// <summary>Takes the lock without waiting; returns null when another process holds it.</summary>
    public static FileLock? TryAcquire(string path)
    {
        var dir = System.IO.Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        // Opened through libc: .NET's own file opening takes a shared flock that would fight ours.
        var fd = Libc.Open(path, Libc.ORdwr | Libc.OCreat | Libc.OCloexec, 0x180 /* 0600 */);
        if (fd < 0)
        {
            throw new IOException($"cannot open lock file {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        int rc;
        do
        {
            rc = Libc.Flock(handle, Libc.LockEx | Libc.LockNb);
        }
        while (rc != 0 && Marshal.GetLastPInvokeError() == Libc.EIntr);

        if (rc != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            handle.Dispose();
            if (errno == Libc.EWouldBlock)
            {
                return null;
            }

            throw new IOException($"cannot lock {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }

        var pid = System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId + "\n");
        RandomAccess.SetLength(handle, 0);
        RandomAccess.Write(handle, pid, 0);
        return new FileLock(path, handle);
    }

    /// <summary>The pid written by the current holder, if the file says one.</summary>
    public static int? ReadHolder(string path)
    {
        // Read through libc too: .NET's File.Read* would ask for a shared flock and fail while the lock is held.
        var fd = Libc.Open(path, Libc.ORdonly | Libc.OCloexec, 0);
        if (fd < 0)
        {
            return null;
        }

        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        Span<byte> buffer = stackalloc byte[32];
        var read = RandomAccess.Read(handle, buffer, 0);
        return int.TryParse(buffer[..read].Trim((byte)'\n'), out var pid) ? pid : null;
    }

    public void Dispose()
    {
        if (!_handle.IsClosed)
        {
            Libc.Flock(_handle, Libc.LockUn);
            _handle.Dispose();
        }
    }
}
