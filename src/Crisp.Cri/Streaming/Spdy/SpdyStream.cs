namespace Crisp.Cri.Streaming.Spdy;

/// <summary>
/// One SPDY stream: headers, then data in each direction until a FIN (half-close) or a reset. Streams the
/// peer opens come from <see cref="SpdyConnection.AcceptStreamAsync"/> and are answered with
/// <see cref="ReplyAsync"/>; streams this side opens come from <see cref="SpdyConnection.OpenStreamAsync"/>.
/// One writer at a time per stream (writes are serialized) and one reader of <see cref="Input"/>.
/// </summary>
public sealed class SpdyStream
{
    private readonly SpdyConnection _connection;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly TaskCompletionSource<SpdyHeaders?> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SpdyHeaders _headers;
    private SpdyHeaders? _replyHeaders;

    internal SpdyStream(SpdyConnection connection, uint id, bool isLocallyInitiated, SpdyHeaders headers, byte priority, long sendWindow, int receiveWindow, long pauseThreshold)
    {
        _connection = connection;
        Id = id;
        IsLocallyInitiated = isLocallyInitiated;
        _headers = headers;
        Priority = priority;
        SendWindow = sendWindow;
        ReceiveWindow = receiveWindow;
        InputBuffer = new SpdyInputBuffer(pauseThreshold, read => connection.OnConsumed(this, read));
        Input = new SpdyInputStream(InputBuffer, dropped => connection.OnConsumed(this, dropped));
    }

    /// <summary>The stream id: odd when the client opened it, even when the server did.</summary>
    public uint Id { get; }

    /// <summary>Whether this side opened the stream.</summary>
    public bool IsLocallyInitiated { get; }

    /// <summary>The SYN_STREAM priority (0 highest, 7 lowest); informational.</summary>
    public byte Priority { get; }

    /// <summary>The SYN_STREAM headers, with those of later HEADERS frames from the peer appended (for streams the peer opened).</summary>
    public SpdyHeaders Headers => Volatile.Read(ref _headers);

    /// <summary>For streams this side opened: the SYN_REPLY headers (plus later HEADERS frames), or null before the reply.</summary>
    public SpdyHeaders? ReplyHeaders => Volatile.Read(ref _replyHeaders);

    /// <summary>
    /// What the peer sends on this stream. Reads return 0 after the peer's FIN, throw
    /// <see cref="SpdyStreamResetException"/> after a reset, or <see cref="IOException"/> if the connection
    /// ended first. Reading returns flow-control credit to the peer; disposing it discards the rest.
    /// </summary>
    public Stream Input { get; }

    /// <summary>Completes (never faults) once the stream is over in both directions, by FINs, a reset or the connection's end.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Why the stream ended abnormally (a <see cref="SpdyStreamResetException"/> or the connection's failure), or null.</summary>
    public Exception? Failure
    {
        get
        {
            lock (_connection.SyncRoot)
            {
                return FailureState;
            }
        }
    }

    /// <summary>Whether the peer has finished sending (FIN or reset).</summary>
    public bool IsRemoteClosed
    {
        get
        {
            lock (_connection.SyncRoot)
            {
                return RemoteClosed;
            }
        }
    }

    /// <summary>Whether this side has finished sending (FIN or reset).</summary>
    public bool IsLocalClosed
    {
        get
        {
            lock (_connection.SyncRoot)
            {
                return LocalClosed;
            }
        }
    }

    // State below is guarded by the connection's lock.
    internal SpdyInputBuffer InputBuffer { get; }

    internal long SendWindow { get; set; }

    internal long ReceiveWindow { get; set; }

    internal long ReceiveUnacknowledged { get; set; }

    internal bool LocalClosed { get; set; }

    internal bool RemoteClosed { get; set; }

    /// <summary>This side sent SYN_REPLY (streams the peer opened) or received it (streams this side opened).</summary>
    internal bool Replied { get; set; }

    internal Exception? FailureState { get; set; }

    /// <summary>For streams this side opened: waits for the peer's SYN_REPLY and returns its headers.</summary>
    /// <exception cref="SpdyStreamResetException">The peer refused or reset the stream.</exception>
    /// <exception cref="IOException">The connection ended first.</exception>
    public async Task<SpdyHeaders> WaitForReplyAsync(CancellationToken cancellationToken = default)
    {
        if (!IsLocallyInitiated)
        {
            throw new InvalidOperationException("Only streams this side opened receive a SYN_REPLY");
        }

        var headers = await _reply.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return headers ?? throw Failure ?? new IOException($"SPDY stream {Id} ended without a reply");
    }

    /// <summary>
    /// For streams the peer opened: sends SYN_REPLY, accepting the stream (with <paramref name="fin"/>, nothing
    /// will be sent on it; Kubernetes rejects a stream with an empty reply carrying FIN). Completes once written.
    /// </summary>
    public ValueTask ReplyAsync(SpdyHeaders? headers = null, bool fin = false, CancellationToken cancellationToken = default) =>
        _connection.ReplyAsync(this, headers ?? new SpdyHeaders(), fin, cancellationToken);

    /// <summary>
    /// Sends data, in frames no larger than <see cref="SpdyConnectionOptions.SendDataFrameSize"/>, waiting for
    /// flow-control window as <see cref="SpdyConnectionOptions.SendFlowControl"/> says. Completes once the
    /// last frame was written to the transport. A stream the peer opened must be replied to first.
    /// </summary>
    /// <exception cref="SpdyStreamResetException">The stream was reset.</exception>
    /// <exception cref="IOException">The connection ended.</exception>
    /// <exception cref="InvalidOperationException">This side already closed the stream for writing, or has not replied.</exception>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        if (data.IsEmpty)
        {
            return;
        }

        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _connection.WriteDataAsync(this, data, fin: false, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>
    /// Half-closes the stream: sends an empty data frame with FIN; the peer may go on sending. Does nothing
    /// when this side already finished (FIN sent, reset, connection ended).
    /// </summary>
    public async ValueTask CloseWriteAsync(CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_connection.CanCloseWrite(this))
            {
                return;
            }

            await _connection.WriteDataAsync(this, ReadOnlyMemory<byte>.Empty, fin: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>
    /// Ends the stream abnormally in both directions: sends RST_STREAM with <paramref name="status"/>, drops
    /// unread input, fails pending and later reads and writes. Does nothing when the stream is already over.
    /// </summary>
    public void Reset(SpdyStatusCode status = SpdyStatusCode.Cancel) => _connection.ResetStream(this, status, fromReadLoop: false, reason: null);

    /// <summary>The id and headers (for logs).</summary>
    public override string ToString() => $"SPDY stream {Id} ({Headers})";

    internal void SetHeaders(SpdyHeaders headers) => Volatile.Write(ref _headers, headers);

    internal void SetReplyHeaders(SpdyHeaders headers)
    {
        Volatile.Write(ref _replyHeaders, headers);
        _reply.TrySetResult(headers);
    }

    /// <summary>Completes <see cref="Completion"/> when both sides have sent FIN (called outside the connection's lock).</summary>
    internal void CompleteIfDone()
    {
        bool done;
        lock (_connection.SyncRoot)
        {
            done = LocalClosed && RemoteClosed && FailureState is null;
        }

        if (done)
        {
            OnEnded(null, discardInput: false);
        }
    }

    /// <summary>Called (outside the connection's lock) once the stream is over; <paramref name="failure"/> is null after two FINs.</summary>
    internal int OnEnded(Exception? failure, bool discardInput)
    {
        var dropped = 0;
        if (failure is not null)
        {
            dropped = InputBuffer.Finish(failure, discardInput);
        }

        _reply.TrySetResult(null);
        _completion.TrySetResult();
        return dropped;
    }
}
