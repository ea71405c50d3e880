using System.Buffers;

namespace Crisp.Cri.Streaming.Spdy;

/// <summary>A whole frame waiting for the connection's writer, with an optional completion for whoever queued it.</summary>
internal sealed class SpdyOutgoingFrame
{
    private readonly byte[] _buffer;
    private readonly int _length;
    private readonly bool _pooled;
    private readonly TaskCompletionSource? _written;
    private int _completed;

    /// <param name="buffer">The frame (rented from the shared pool when <paramref name="pooled"/>; returned once written or dropped).</param>
    /// <param name="length">Its length in <paramref name="buffer"/>.</param>
    /// <param name="pooled">Whether <paramref name="buffer"/> goes back to the shared pool.</param>
    /// <param name="counted">Whether it counts against the queued control frame limit (replies the read loop owes the peer).</param>
    /// <param name="tracked">Whether <see cref="Written"/> reports when it reached the transport.</param>
    public SpdyOutgoingFrame(byte[] buffer, int length, bool pooled = false, bool counted = false, bool tracked = false)
    {
        _buffer = buffer;
        _length = length;
        _pooled = pooled;
        Counted = counted;
        _written = tracked ? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) : null;
    }

    public SpdyOutgoingFrame(byte[] frame, bool counted = false, bool tracked = false)
        : this(frame, frame.Length, pooled: false, counted, tracked)
    {
    }

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, _length);

    public bool Counted { get; }

    /// <summary>Completes once the frame was written and flushed; faults when it never will be.</summary>
    public Task Written => _written?.Task ?? Task.CompletedTask;

    /// <summary>Releases the buffer and reports the outcome; only the first call counts.</summary>
    public bool Complete(Exception? error)
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            return false;
        }

        if (_pooled)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        if (error is null)
        {
            _written?.TrySetResult();
        }
        else
        {
            _written?.TrySetException(error);
        }

        return true;
    }
}
