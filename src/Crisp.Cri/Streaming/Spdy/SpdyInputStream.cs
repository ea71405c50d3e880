namespace Crisp.Cri.Streaming.Spdy;

/// <summary>
/// The readable side of a <see cref="SpdyStream"/>: what the peer sent, until its FIN (then reads return 0).
/// Reads throw <see cref="SpdyStreamResetException"/> after a reset and <see cref="IOException"/> when the
/// connection ended first. Disposing it discards whatever arrives later (the peer's window is still credited).
/// </summary>
internal sealed class SpdyInputStream : Stream
{
    private readonly SpdyInputBuffer _buffer;
    private readonly Action<int> _discarded;

    public SpdyInputStream(SpdyInputBuffer buffer, Action<int> discarded)
    {
        _buffer = buffer;
        _discarded = discarded;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _buffer.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _buffer.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        _buffer.ReadAsync(buffer.AsMemory(offset, count), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            var dropped = _buffer.Abandon();
            if (dropped > 0)
            {
                _discarded(dropped);
            }
        }

        base.Dispose(disposing);
    }
}
