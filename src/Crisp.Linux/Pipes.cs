using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Crisp.Linux;

/// <summary>
/// Anonymous pipes (pipe2 with O_CLOEXEC: a child only gets an end that a spawn dup2s onto one of its
/// descriptors) and blocking I/O on them that can be bounded by time.
/// </summary>
public static class Pipes
{
    private static readonly TimeSpan _pollSlice = TimeSpan.FromMilliseconds(200);

    /// <summary>Creates a pipe; both ends are close-on-exec.</summary>
    public static unsafe (SafeFileHandle Read, SafeFileHandle Write) Create()
    {
        var fds = stackalloc int[2];
        if (Libc.Pipe2(fds, Libc.OCloexec) != 0)
        {
            throw SystemCallException.Last("pipe2");
        }

        return (new SafeFileHandle(fds[0], ownsHandle: true), new SafeFileHandle(fds[1], ownsHandle: true));
    }

    /// <summary>Reads what is available (blocking until something is); 0 means end of file.</summary>
    public static unsafe int Read(SafeFileHandle handle, Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                var read = Libc.ReadFd(handle, p, (nuint)buffer.Length);
                if (read >= 0)
                {
                    return (int)read;
                }

                if (Marshal.GetLastPInvokeError() != Libc.EIntr)
                {
                    throw SystemCallException.Last("read");
                }
            }
        }
    }

    /// <summary>Writes every byte (blocking).</summary>
    public static unsafe void WriteAll(SafeFileHandle handle, ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            var offset = 0;
            while (offset < data.Length)
            {
                var written = Libc.WriteFd(handle, p + offset, (nuint)(data.Length - offset));
                if (written < 0)
                {
                    if (Marshal.GetLastPInvokeError() == Libc.EIntr)
                    {
                        continue;
                    }

                    throw SystemCallException.Last("write");
                }

                offset += (int)written;
            }
        }
    }

    /// <summary>
    /// Waits until the descriptor is readable, at end of file or in error (poll(2)); false on timeout.
    /// <see cref="Timeout.InfiniteTimeSpan"/> waits for ever.
    /// </summary>
    public static unsafe bool WaitReadable(SafeHandle handle, TimeSpan timeout)
    {
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            var pollFd = new Libc.PollFd { Fd = (int)handle.DangerousGetHandle(), Events = Libc.PollIn };
            var milliseconds = timeout == Timeout.InfiniteTimeSpan ? -1 : (int)Math.Clamp(Math.Ceiling(timeout.TotalMilliseconds), 0, int.MaxValue);
            while (true)
            {
                var ready = Libc.Poll(&pollFd, 1, milliseconds);
                if (ready >= 0)
                {
                    return ready > 0;
                }

                if (Marshal.GetLastPInvokeError() != Libc.EIntr)
                {
                    throw SystemCallException.Last("poll");
                }
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// Reads until end of file on a dedicated thread, keeping at most <paramref name="maxBytes"/> (the rest
    /// is read and discarded so the writer never blocks). Cancellation is noticed within a fraction of a second.
    /// </summary>
    public static Task<byte[]> ReadToEndAsync(SafeFileHandle handle, int maxBytes, CancellationToken cancellationToken = default) =>
        Task.Factory.StartNew(
            () => ReadToEnd(handle, maxBytes, cancellationToken),
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    private static byte[] ReadToEnd(SafeFileHandle handle, int maxBytes, CancellationToken cancellationToken)
    {
        using var collected = new MemoryStream();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!WaitReadable(handle, _pollSlice))
            {
                continue;
            }

            var read = Read(handle, buffer);
            if (read == 0)
            {
                return collected.ToArray();
            }

            var keep = (int)Math.Min(read, Math.Max(0, maxBytes - collected.Length));
            collected.Write(buffer, 0, keep);
        }
    }
}
