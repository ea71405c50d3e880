using System.Buffers;
using System.Runtime.ExceptionServices;

namespace Crisp.Cri.Streaming.Spdy;

/// <summary>
/// The bytes a stream received and the application has not read yet, in chunks rented from the shared
/// pool. The connection's read loop appends; one reader takes. The read loop waits for room when a
/// stream holds more than its pause threshold (a peer that ignores flow control is slowed down by TCP).
/// </summary>
internal sealed class SpdyInputBuffer
{
    private readonly Lock _lock = new();
    private readonly Queue<Chunk> _chunks = new();
    private readonly long _pauseThreshold;
    private readonly Action<int> _consumed;
    private long _buffered;
    private bool _finished;
    private bool _abandoned;
    private Exception? _error;
    private TaskCompletionSource? _dataWaiter;
    private TaskCompletionSource? _roomWaiter;

    /// <param name="pauseThreshold">Buffered bytes at which the read loop waits.</param>
    /// <param name="consumed">Told (outside any lock) how many bytes the reader took.</param>
    public SpdyInputBuffer(long pauseThreshold, Action<int> consumed)
    {
        _pauseThreshold = pauseThreshold;
        _consumed = consumed;
    }

    /// <summary>Bytes received and not yet read.</summary>
    public long Buffered
    {
        get
        {
            lock (_lock)
            {
                return _buffered;
            }
        }
    }

    /// <summary>Adds received bytes; false (nothing kept) when the input already ended or the reader abandoned it.</summary>
    public bool Append(in ReadOnlySequence<byte> data)
    {
        if (data.IsEmpty)
        {
            return true;
        }

        TaskCompletionSource? wake;
        lock (_lock)
        {
            if (_finished || _abandoned)
            {
                return false;
            }

            var length = (int)data.Length;
            var array = ArrayPool<byte>.Shared.Rent(length);
            data.CopyTo(array);
            _chunks.Enqueue(new Chunk(array, length));
            _buffered += length;
            wake = _dataWaiter;
            _dataWaiter = null;
        }

        wake?.TrySetResult();
        return true;
    }

    /// <summary>Completes when the buffer is below its pause threshold (at once, normally), ended or abandoned.</summary>
    public Task WaitForRoomAsync()
    {
        lock (_lock)
        {
            if (_buffered < _pauseThreshold || _finished || _abandoned)
            {
                return Task.CompletedTask;
            }

            _roomWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _roomWaiter.Task;
        }
    }

    /// <summary>
    /// Ends the input: a clean end (FIN) when <paramref name="error"/> is null, else reads throw it once the
    /// buffered bytes are read. With <paramref name="discard"/> the buffered bytes are dropped; returns how many.
    /// </summary>
    public int Finish(Exception? error, bool discard)
    {
        TaskCompletionSource? data;
        TaskCompletionSource? room;
        var dropped = 0;
        lock (_lock)
        {
            if (!_finished)
            {
                _finished = true;
                _error = error;
            }
            else if (discard && error is not null)
            {
                _error ??= error;
            }

            if (discard)
            {
                dropped = DropAll();
            }

            data = _dataWaiter;
            room = _roomWaiter;
            _dataWaiter = _roomWaiter = null;
        }

        data?.TrySetResult();
        room?.TrySetResult();
        return dropped;
    }

    /// <summary>The reader is gone: drops what is buffered (returns how many bytes) and refuses what comes later.</summary>
    public int Abandon()
    {
        TaskCompletionSource? data;
        TaskCompletionSource? room;
        int dropped;
        lock (_lock)
        {
            if (_abandoned)
            {
                return 0;
            }

            _abandoned = true;
            dropped = DropAll();
            data = _dataWaiter;
            room = _roomWaiter;
            _dataWaiter = _roomWaiter = null;
        }

        data?.TrySetResult();
        room?.TrySetResult();
        return dropped;
    }

    /// <summary>Reads up to <paramref name="destination"/>'s length; 0 at a clean end; throws the stream's failure once drained.</summary>
    public async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            var read = 0;
            TaskCompletionSource? room = null;
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_abandoned, this);
                if (_chunks.Count > 0 && !destination.IsEmpty)
                {
                    read = TakeInto(destination.Span);
                    if (_roomWaiter is not null && _buffered <= _pauseThreshold / 2)
                    {
                        room = _roomWaiter;
                        _roomWaiter = null;
                    }
                }
                else if (_chunks.Count == 0 && _finished)
                {
                    if (_error is not null)
                    {
                        ExceptionDispatchInfo.Throw(_error);
                    }

                    return 0;
                }
                else if (destination.IsEmpty)
                {
                    return 0;
                }

                if (read == 0)
                {
                    _dataWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    wait = _dataWaiter.Task;
                }
                else
                {
                    wait = Task.CompletedTask;
                }
            }

            if (read > 0)
            {
                room?.TrySetResult();
                _consumed(read);
                return read;
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private int TakeInto(Span<byte> destination)
    {
        var read = 0;
        while (read < destination.Length && _chunks.TryPeek(out var chunk))
        {
            var count = Math.Min(destination.Length - read, chunk.Length - chunk.Offset);
            chunk.Array.AsSpan(chunk.Offset, count).CopyTo(destination[read..]);
            read += count;
            chunk.Offset += count;
            if (chunk.Offset == chunk.Length)
            {
                _chunks.Dequeue();
                ArrayPool<byte>.Shared.Return(chunk.Array);
            }
        }

        _buffered -= read;
        return read;
    }

    private int DropAll()
    {
        var dropped = (int)_buffered;
        while (_chunks.TryDequeue(out var chunk))
        {
            ArrayPool<byte>.Shared.Return(chunk.Array);
        }

        _buffered = 0;
        return dropped;
    }

    private sealed class Chunk(byte[] array, int length)
    {
        public byte[] Array { get; } = array;

        public int Length { get; } = length;

        public int Offset { get; set; }
    }
}
