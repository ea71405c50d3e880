using System.Buffers;
using System.IO.Pipelines;

namespace Crisp.Unit.Tests.Streaming.Spdy;

/// <summary>One end of an in-memory duplex transport: reads one pipe, writes the other (with backpressure).</summary>
internal sealed class PipeStream : Stream
{
    private readonly Lock _lock = new();
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private bool _disposed;
    private bool _reading;

    private PipeStream(PipeReader reader, PipeWriter writer)
    {
        _reader = reader;
        _writer = writer;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Two connected ends; each direction buffers at most <paramref name="capacity"/> bytes before writes wait.</summary>
    public static (PipeStream Client, PipeStream Server) CreatePair(int capacity = 64 * 1024)
    {
        var options = new PipeOptions(pauseWriterThreshold: capacity, resumeWriterThreshold: capacity / 2, useSynchronizationContext: false);
        var toServer = new Pipe(options);
        var toClient = new Pipe(options);
        return (new PipeStream(toClient.Reader, toServer.Writer), new PipeStream(toServer.Reader, toClient.Writer));
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _reading = true;
        }

        try
        {
            var result = await _reader.ReadAsync(cancellationToken);
            if (result.IsCanceled)
            {
                _reader.AdvanceTo(result.Buffer.Start);
                throw new ObjectDisposedException(nameof(PipeStream));
            }

            var count = (int)Math.Min(buffer.Length, result.Buffer.Length);
            var taken = result.Buffer.Slice(0, count);
            taken.CopyTo(buffer.Span);
            _reader.AdvanceTo(taken.End);
            return count;
        }
        finally
        {
            lock (_lock)
            {
                _reading = false;
                if (_disposed)
                {
                    _reader.Complete();
                }
            }
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var result = await _writer.WriteAsync(buffer, cancellationToken);
        if (result.IsCompleted)
        {
            throw new IOException("the other end stopped reading");
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_lock)
            {
                if (!_disposed)
                {
                    _disposed = true;
                    _writer.Complete();
                    if (_reading)
                    {
                        _reader.CancelPendingRead();
                    }
                    else
                    {
                        _reader.Complete();
                    }
                }
            }
        }

        base.Dispose(disposing);
    }
}
