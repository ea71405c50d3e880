using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Crisp.Linux;

/// <summary>
/// A one-directional stream over a pipe end or terminal master that crisp owns. The descriptor is made
/// non-blocking and waits go through one shared epoll thread, so an idle stream holds no thread and a pending
/// read can be cancelled. A terminal master reports EIO once every slave descriptor is closed: with
/// <c>ioErrorIsEndOfFile</c> that reads as end of file. Disposing closes the descriptor.
/// </summary>
public sealed class DescriptorStream : Stream
{
    private readonly SafeFileHandle _handle;
    private readonly bool _write;
    private readonly bool _ioErrorIsEndOfFile;
    private readonly DescriptorPoller.Registration _registration;
    private int _disposed;

    /// <param name="handle">The descriptor; the stream takes ownership.</param>
    /// <param name="access"><see cref="FileAccess.Read"/> or <see cref="FileAccess.Write"/>.</param>
    /// <param name="ioErrorIsEndOfFile">Read EIO as end of file (a terminal master whose slave side is closed).</param>
    public DescriptorStream(SafeFileHandle handle, FileAccess access, bool ioErrorIsEndOfFile = false)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (access is not (FileAccess.Read or FileAccess.Write))
        {
            throw new ArgumentException("a descriptor stream is either read or write", nameof(access));
        }

        Descriptors.SetNonBlocking(handle);
        _handle = handle;
        _write = access == FileAccess.Write;
        _ioErrorIsEndOfFile = ioErrorIsEndOfFile;
        _registration = DescriptorPoller.Shared.Register(handle);
    }

    public override bool CanRead => !_write && !IsDisposed;

    public override bool CanWrite => _write && !IsDisposed;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>The descriptor (owned by the stream).</summary>
    public SafeFileHandle SafeFileHandle => _handle;

    private bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        EnsureCan(write: false);
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var read = TryRead(buffer.Span);
            if (read >= 0)
            {
                return read;
            }

            await _registration.WaitAsync(write: false, cancellationToken).ConfigureAwait(false);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        EnsureCan(write: true);
        while (!buffer.IsEmpty)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var written = TryWrite(buffer.Span);
            if (written >= 0)
            {
                buffer = buffer[written..];
                continue;
            }

            await _registration.WaitAsync(write: true, cancellationToken).ConfigureAwait(false);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        EnsureCan(write: false);
        while (true)
        {
            var read = TryRead(buffer);
            if (read >= 0 || buffer.IsEmpty)
            {
                return Math.Max(read, 0);
            }

            _registration.WaitAsync(write: false, CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        EnsureCan(write: true);
        while (!buffer.IsEmpty)
        {
            var written = TryWrite(buffer);
            if (written >= 0)
            {
                buffer = buffer[written..];
                continue;
            }

            _registration.WaitAsync(write: true, CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _registration.Dispose();
            _handle.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Bytes read, 0 at end of file, -1 when nothing is available yet.</summary>
    private unsafe int TryRead(Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                var read = Libc.ReadFd(_handle, p, (nuint)buffer.Length);
                if (read >= 0)
                {
                    return (int)read;
                }

                var errno = Marshal.GetLastPInvokeError();
                switch (errno)
                {
                    case Libc.EIntr:
                        continue;
                    case Libc.EWouldBlock:
                        return -1;
                    case Libc.EIo when _ioErrorIsEndOfFile:
                        return 0;
                    default:
                        throw new SystemCallException("read", errno);
                }
            }
        }
    }

    /// <summary>Bytes written, or -1 when the descriptor is full.</summary>
    private unsafe int TryWrite(ReadOnlySpan<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                var written = Libc.WriteFd(_handle, p, (nuint)buffer.Length);
                if (written >= 0)
                {
                    return (int)written;
                }

                var errno = Marshal.GetLastPInvokeError();
                switch (errno)
                {
                    case Libc.EIntr:
                        continue;
                    case Libc.EWouldBlock:
                        return -1;
                    default:
                        // EPIPE (the reader is gone; .NET ignores SIGPIPE) and EIO (a hung-up terminal) land here.
                        throw new SystemCallException("write", errno);
                }
            }
        }
    }

    private void EnsureCan(bool write)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (write != _write)
        {
            throw new NotSupportedException(write ? "this stream is read-only" : "this stream is write-only");
        }
    }
}
