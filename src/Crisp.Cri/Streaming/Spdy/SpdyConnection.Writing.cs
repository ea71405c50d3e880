namespace Crisp.Cri.Streaming.Spdy;

public sealed partial class SpdyConnection
{
    private bool SendWindowsEnforced =>
        _options.SendFlowControl == SpdySendFlowControl.Enforce ||
        (_options.SendFlowControl == SpdySendFlowControl.Auto && _peerDoesFlowControl);

    /// <summary>Queues a frame for the writer; false (and the frame failed) once the session is over.</summary>
    private bool Enqueue(SpdyOutgoingFrame frame)
    {
        if (_outgoing.Writer.TryWrite(frame))
        {
            return true;
        }

        FrameDone(frame, new IOException("The SPDY connection is closed", Error));
        return false;
    }

    /// <summary>Queues a frame the read loop owes the peer; too many unwritten ones means the peer does not read.</summary>
    private void EnqueueControl(byte[] frame)
    {
        if (Interlocked.Increment(ref _queuedControlFrames) > _options.MaxQueuedControlFrames)
        {
            Interlocked.Decrement(ref _queuedControlFrames);
            throw new SpdyProtocolException($"the peer does not read: more than {_options.MaxQueuedControlFrames} control frames are waiting to be sent");
        }

        Enqueue(new SpdyOutgoingFrame(frame, counted: true));
    }

    private void FrameDone(SpdyOutgoingFrame frame, Exception? error)
    {
        if (frame.Complete(error) && frame.Counted)
        {
            Interlocked.Decrement(ref _queuedControlFrames);
        }
    }

    /// <summary>Writes queued frames in order, flushing whenever the queue runs dry, until the queue is completed and drained.</summary>
    private async Task WriteLoopAsync()
    {
        var reader = _outgoing.Reader;
        var pending = new List<SpdyOutgoingFrame>();
        try
        {
            while (await reader.WaitToReadAsync(_writeCancellation.Token).ConfigureAwait(false))
            {
                while (pending.Count < 256 && reader.TryRead(out var frame))
                {
                    pending.Add(frame);
                    await _transport.WriteAsync(frame.Memory, _writeCancellation.Token).ConfigureAwait(false);
                }

                await _transport.FlushAsync(_writeCancellation.Token).ConfigureAwait(false);
                foreach (var frame in pending)
                {
                    FrameDone(frame, null);
                }

                pending.Clear();
            }
        }
        catch (Exception e)
        {
            var timedOut = e is OperationCanceledException;
            var failure = timedOut ? new IOException("Timed out writing to the SPDY transport while closing") : e;
            foreach (var frame in pending)
            {
                FrameDone(frame, failure);
            }

            if (!timedOut)
            {
                Log.TransportFailed(_logger, "write", e.Message);
            }

            BeginClose(timedOut ? null : e, goAway: null);
        }
        finally
        {
            DropQueuedFrames();
            await DisposeTransportAsync().ConfigureAwait(false);
        }
    }

    private void DropQueuedFrames()
    {
        while (_outgoing.Reader.TryRead(out var frame))
        {
            FrameDone(frame, new IOException("The SPDY connection closed before the frame was sent", Error));
        }
    }

    private async ValueTask DisposeTransportAsync()
    {
        try
        {
            await _transport.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            Log.TransportFailed(_logger, "close", e.Message);
        }
    }

    /// <summary>Sends data (and FIN when asked) in frames within the windows; the stream's write gate is held.</summary>
    internal async ValueTask WriteDataAsync(SpdyStream stream, ReadOnlyMemory<byte> data, bool fin, CancellationToken cancellationToken)
    {
        var offset = 0;
        while (true)
        {
            int chunk;
            var last = false;
            Task? wait = null;
            lock (_lock)
            {
                ThrowIfCannotWrite(stream);
                chunk = Math.Min(data.Length - offset, _options.SendDataFrameSize);
                if (chunk > 0 && SendWindowsEnforced)
                {
                    var available = Math.Min(stream.SendWindow, _sendWindow);
                    if (available <= 0)
                    {
                        wait = _windowChanged.Task;
                    }
                    else
                    {
                        chunk = (int)Math.Min(chunk, available);
                    }
                }

                if (wait is null)
                {
                    stream.SendWindow -= chunk;
                    _sendWindow -= chunk;
                    last = offset + chunk == data.Length;
                    if (fin && last)
                    {
                        stream.LocalClosed = true;
                        RemoveIfDone(stream);
                    }
                }
            }

            if (wait is not null)
            {
                await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            var buffer = SpdyFrames.RentData(stream.Id, fin && last ? SpdyFrames.FlagFin : (byte)0, data.Span.Slice(offset, chunk), out var length);
            var frame = new SpdyOutgoingFrame(buffer, length, pooled: true, tracked: true);
            Enqueue(frame);
            await frame.Written.WaitAsync(cancellationToken).ConfigureAwait(false);
            offset += chunk;
            if (last)
            {
                if (fin)
                {
                    stream.CompleteIfDone();
                }

                return;
            }
        }
    }

    internal bool CanCloseWrite(SpdyStream stream)
    {
        lock (_lock)
        {
            return !stream.LocalClosed && stream.FailureState is null && !_closing;
        }
    }

    /// <summary>Sends SYN_REPLY for a stream the peer opened.</summary>
    internal async ValueTask ReplyAsync(SpdyStream stream, SpdyHeaders headers, bool fin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(headers);
        SpdyOutgoingFrame frame;
        lock (_headerLock)
        {
            lock (_lock)
            {
                if (stream.IsLocallyInitiated)
                {
                    throw new InvalidOperationException("Only streams the peer opened are replied to");
                }

                if (stream.Replied)
                {
                    throw new InvalidOperationException($"SPDY stream {stream.Id} was already replied to");
                }

                ThrowIfClosed();
                if (stream.FailureState is { } failure)
                {
                    throw failure;
                }

                stream.Replied = true;
                if (fin)
                {
                    stream.LocalClosed = true;
                    RemoveIfDone(stream);
                }
            }

            frame = new SpdyOutgoingFrame(SpdyFrames.SynReply(stream.Id, fin ? SpdyFrames.FlagFin : (byte)0, CompressHeaders(headers)), tracked: true);
            Enqueue(frame);
        }

        await frame.Written.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (fin)
        {
            stream.CompleteIfDone();
        }
    }

    /// <summary>Resets a stream: RST_STREAM to the peer, input dropped (its bytes credited to the connection window), waiters failed.</summary>
    internal void ResetStream(SpdyStream stream, SpdyStatusCode status, bool fromReadLoop, string? reason)
    {
        SpdyStreamResetException failure;
        TaskCompletionSource signal;
        bool send;
        lock (_lock)
        {
            if (stream.FailureState is not null || (stream.LocalClosed && stream.RemoteClosed))
            {
                return;
            }

            failure = new SpdyStreamResetException(stream.Id, status, byPeer: false);
            stream.FailureState = failure;
            stream.LocalClosed = stream.RemoteClosed = true;
            RemoveStream(stream);
            signal = SwapWindowSignal();
            send = !_closing;
        }

        Log.StreamReset(_logger, stream.Id, status, reason ?? "reset by this side");
        if (send)
        {
            var frame = SpdyFrames.RstStream(stream.Id, status);
            if (fromReadLoop)
            {
                EnqueueControl(frame);
            }
            else
            {
                Enqueue(new SpdyOutgoingFrame(frame));
            }
        }

        var dropped = stream.OnEnded(failure, discardInput: true);
        if (dropped > 0)
        {
            OnConsumed(null, dropped);
        }

        signal.TrySetResult();
    }

    /// <summary>
    /// The application read (or dropped) <paramref name="count"/> bytes: credit them back to the peer with
    /// WINDOW_UPDATE once half a window has built up (for the stream, when given and still receiving, and
    /// for the connection).
    /// </summary>
    internal void OnConsumed(SpdyStream? stream, int count)
    {
        byte[]? connectionUpdate = null;
        byte[]? streamUpdate = null;
        lock (_lock)
        {
            if (_closing || count <= 0)
            {
                return;
            }

            _receiveUnacknowledged += count;
            if (_receiveUnacknowledged >= Math.Max(1, _options.ConnectionWindowSize / 2))
            {
                _receiveWindow += _receiveUnacknowledged;
                connectionUpdate = SpdyFrames.WindowUpdate(0, (int)_receiveUnacknowledged);
                _receiveUnacknowledged = 0;
            }

            if (stream is not null && !stream.RemoteClosed)
            {
                stream.ReceiveUnacknowledged += count;
                if (stream.ReceiveUnacknowledged >= Math.Max(1, _options.InitialWindowSize / 2))
                {
                    stream.ReceiveWindow += stream.ReceiveUnacknowledged;
                    streamUpdate = SpdyFrames.WindowUpdate(stream.Id, (int)stream.ReceiveUnacknowledged);
                    stream.ReceiveUnacknowledged = 0;
                }
            }
        }

        if (streamUpdate is not null)
        {
            Enqueue(new SpdyOutgoingFrame(streamUpdate));
        }

        if (connectionUpdate is not null)
        {
            Enqueue(new SpdyOutgoingFrame(connectionUpdate));
        }
    }

    private void ThrowIfCannotWrite(SpdyStream stream)
    {
        if (stream.FailureState is { } failure)
        {
            throw failure is SpdyStreamResetException reset
                ? new SpdyStreamResetException(reset.StreamId, reset.Status, reset.ByPeer)
                : new IOException("The SPDY connection closed", _error);
        }

        ThrowIfClosed();
        if (stream.LocalClosed)
        {
            throw new InvalidOperationException($"SPDY stream {stream.Id} is already closed for writing");
        }

        if (!stream.IsLocallyInitiated && !stream.Replied)
        {
            throw new InvalidOperationException($"SPDY stream {stream.Id} must be replied to before data is sent");
        }
    }

    /// <summary>Forgets a stream that is over in both directions (caller holds the lock).</summary>
    private void RemoveIfDone(SpdyStream stream)
    {
        if (stream.LocalClosed && stream.RemoteClosed)
        {
            RemoveStream(stream);
        }
    }

    private void RemoveStream(SpdyStream stream)
    {
        if (!_streams.Remove(stream.Id))
        {
            return;
        }

        if (stream.IsLocallyInitiated)
        {
            _localStreamCount--;
        }
        else
        {
            _peerStreamCount--;
        }
    }
}
