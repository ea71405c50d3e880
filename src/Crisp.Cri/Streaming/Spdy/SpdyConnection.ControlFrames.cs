namespace Crisp.Cri.Streaming.Spdy;

// The handlers of control frames, called by the read loop with the whole payload.
public sealed partial class SpdyConnection
{
    private void HandleSynStream(byte flags, ReadOnlySpan<byte> payload)
    {
        SpdyFrames.ReadSynStream(payload, out var id, out _, out var priority, out var block);

        // Always decompress first: the zlib stream must see every block, even of refused streams.
        var headers = _decompressor.Decompress(block);
        if (id == 0)
        {
            throw new SpdyProtocolException("SYN_STREAM for stream 0");
        }

        if (IsLocalStreamId(id))
        {
            throw new SpdyProtocolException($"SYN_STREAM for stream {id}, an id this side allocates");
        }

        SpdyStream? stream = null;
        string? refusal = null;
        lock (_lock)
        {
            if (id <= _lastPeerStreamId)
            {
                throw new SpdyProtocolException($"SYN_STREAM for stream {id} after stream {_lastPeerStreamId} (ids must increase)");
            }

            _lastPeerStreamId = id;
            if (_goAwaySent || _closing)
            {
                refusal = "GOAWAY was sent";
            }
            else if (_peerStreamCount >= _options.MaxConcurrentStreams)
            {
                refusal = $"{_options.MaxConcurrentStreams} streams are open";
            }
            else
            {
                stream = NewStream(id, isLocallyInitiated: false, headers, priority);
                stream.RemoteClosed = (flags & SpdyFrames.FlagFin) != 0;
                stream.LocalClosed = (flags & SpdyFrames.FlagUnidirectional) != 0;
                _streams.Add(id, stream);
                _peerStreamCount++;
                _lastAcceptedStreamId = id;
                RemoveIfDone(stream);
            }
        }

        if (stream is null)
        {
            Log.StreamReset(_logger, id, SpdyStatusCode.RefusedStream, refusal!);
            EnqueueControl(SpdyFrames.RstStream(id, SpdyStatusCode.RefusedStream));
            return;
        }

        if (stream.RemoteClosed)
        {
            stream.InputBuffer.Finish(null, discard: false);
        }

        _incoming.Writer.TryWrite(stream);
        stream.CompleteIfDone();
    }

    private void HandleSynReply(byte flags, ReadOnlySpan<byte> payload)
    {
        SpdyFrames.ReadStreamHeaders(payload, "SYN_REPLY", out var id, out var block);
        var headers = _decompressor.Decompress(block);
        SpdyStream? stream;
        SpdyStatusCode? error = null;
        lock (_lock)
        {
            if (!_streams.TryGetValue(id, out stream))
            {
                return;
            }

            if (!stream.IsLocallyInitiated)
            {
                error = SpdyStatusCode.ProtocolError;
            }
            else if (stream.Replied)
            {
                error = SpdyStatusCode.StreamInUse;
            }
            else
            {
                stream.Replied = true;
            }
        }

        if (error is { } status)
        {
            ResetStream(stream, status, fromReadLoop: true, "unexpected SYN_REPLY");
            return;
        }

        stream.SetReplyHeaders(headers);
        if ((flags & SpdyFrames.FlagFin) != 0)
        {
            OnRemoteFin(stream);
        }
    }

    private void HandleHeaders(byte flags, ReadOnlySpan<byte> payload)
    {
        SpdyFrames.ReadStreamHeaders(payload, "HEADERS", out var id, out var block);
        var headers = _decompressor.Decompress(block);
        SpdyStream? stream;
        SpdyStatusCode? error = null;
        lock (_lock)
        {
            if (!_streams.TryGetValue(id, out stream))
            {
                return;
            }

            if (stream.RemoteClosed)
            {
                error = SpdyStatusCode.StreamAlreadyClosed;
            }
            else if (stream.IsLocallyInitiated && !stream.Replied)
            {
                error = SpdyStatusCode.ProtocolError;
            }
        }

        if (error is { } status)
        {
            ResetStream(stream, status, fromReadLoop: true, "unexpected HEADERS");
            return;
        }

        if (stream.IsLocallyInitiated)
        {
            stream.SetReplyHeaders(stream.ReplyHeaders!.MergedWith(headers));
        }
        else
        {
            stream.SetHeaders(stream.Headers.MergedWith(headers));
        }

        if ((flags & SpdyFrames.FlagFin) != 0)
        {
            OnRemoteFin(stream);
        }
    }

    private void HandleRstStream(ReadOnlySpan<byte> payload)
    {
        var (id, status) = SpdyFrames.ReadRstStream(payload);
        if (id == 0)
        {
            throw new SpdyProtocolException("RST_STREAM for stream 0");
        }

        SpdyStreamResetException failure;
        TaskCompletionSource signal;
        SpdyStream? stream;
        lock (_lock)
        {
            if (!_streams.TryGetValue(id, out stream))
            {
                return;
            }

            failure = new SpdyStreamResetException(id, status, byPeer: true);
            stream.FailureState ??= failure;
            stream.LocalClosed = stream.RemoteClosed = true;
            RemoveStream(stream);
            signal = SwapWindowSignal();
        }

        Log.StreamResetByPeer(_logger, id, status);
        var dropped = stream.OnEnded(failure, discardInput: true);
        if (dropped > 0)
        {
            OnConsumed(null, dropped);
        }

        signal.TrySetResult();
    }

    private void HandleSettings(ReadOnlySpan<byte> payload)
    {
        var settings = SpdyFrames.ReadSettings(payload);
        TaskCompletionSource? signal = null;
        lock (_lock)
        {
            foreach (var setting in settings)
            {
                switch (setting.Id)
                {
                    case SpdySetting.InitialWindowSize:
                        if (setting.Value > int.MaxValue)
                        {
                            throw new SpdyProtocolException($"SETTINGS_INITIAL_WINDOW_SIZE {setting.Value} is over 2^31-1");
                        }

                        var delta = setting.Value - _peerInitialWindowSize;
                        _peerInitialWindowSize = setting.Value;
                        foreach (var stream in _streams.Values)
                        {
                            stream.SendWindow += delta;
                        }

                        _peerDoesFlowControl = true;
                        signal ??= SwapWindowSignal();
                        break;
                    case SpdySetting.MaxConcurrentStreams:
                        _peerMaxConcurrentStreams = setting.Value;
                        break;
                    default:
                        // Bandwidth, round-trip time, cwnd and the rest are hints; unknown ids are ignored.
                        break;
                }
            }
        }

        signal?.TrySetResult();
    }

    private void HandlePing(ReadOnlySpan<byte> payload)
    {
        var id = SpdyFrames.ReadPing(payload);
        if (IsLocalStreamId(id))
        {
            TaskCompletionSource? echoed;
            lock (_lock)
            {
                _pings.Remove(id, out echoed);
            }

            echoed?.TrySetResult();
            return;
        }

        EnqueueControl(SpdyFrames.Ping(id));
    }

    private void HandleGoAway(ReadOnlySpan<byte> payload)
    {
        var (lastGood, status) = SpdyFrames.ReadGoAway(payload);
        Log.GoAwayReceived(_logger, lastGood, status);
        List<SpdyStream> refused = [];
        TaskCompletionSource signal;
        lock (_lock)
        {
            _goAwayReceived = true;
            foreach (var stream in _streams.Values)
            {
                if (stream.IsLocallyInitiated && stream.Id > lastGood)
                {
                    refused.Add(stream);
                }
            }

            foreach (var stream in refused)
            {
                stream.FailureState ??= new SpdyStreamResetException(stream.Id, SpdyStatusCode.RefusedStream, byPeer: true);
                stream.LocalClosed = stream.RemoteClosed = true;
                RemoveStream(stream);
            }

            signal = SwapWindowSignal();
        }

        foreach (var stream in refused)
        {
            var dropped = stream.OnEnded(stream.Failure, discardInput: true);
            if (dropped > 0)
            {
                OnConsumed(null, dropped);
            }
        }

        signal.TrySetResult();
    }

    private void HandleWindowUpdate(ReadOnlySpan<byte> payload)
    {
        var (id, delta) = SpdyFrames.ReadWindowUpdate(payload);
        if (delta == 0)
        {
            throw new SpdyProtocolException($"WINDOW_UPDATE of 0 for stream {id}");
        }

        SpdyStream? overflowed = null;
        TaskCompletionSource signal;
        lock (_lock)
        {
            _peerDoesFlowControl = true;
            if (id == 0)
            {
                _sendWindow += delta;
                if (_sendWindow > int.MaxValue)
                {
                    throw new SpdyProtocolException($"WINDOW_UPDATE grows the connection window to {_sendWindow}, over 2^31-1");
                }
            }
            else if (_streams.TryGetValue(id, out var stream))
            {
                stream.SendWindow += delta;
                if (stream.SendWindow > int.MaxValue)
                {
                    overflowed = stream;
                }
            }

            signal = SwapWindowSignal();
        }

        if (overflowed is not null)
        {
            ResetStream(overflowed, SpdyStatusCode.FlowControlError, fromReadLoop: true, "WINDOW_UPDATE grows the window over 2^31-1");
        }

        signal.TrySetResult();
    }
}
