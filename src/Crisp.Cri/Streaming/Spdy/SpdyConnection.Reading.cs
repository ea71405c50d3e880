using System.Buffers;
using System.IO.Pipelines;

namespace Crisp.Cri.Streaming.Spdy;

public sealed partial class SpdyConnection
{
    /// <summary>Control frames may carry a header block of the maximum size plus SYN_STREAM's 10 bytes of fields.</summary>
    private int MaxControlFrameSize => _options.MaxHeaderBlockSize + 16;

    /// <summary>Runs the read loop and turns however it ends into the start of closing; never throws.</summary>
    private async Task ReadLoopGuardedAsync()
    {
        try
        {
            await ReadLoopAsync(_readCancellation.Token).ConfigureAwait(false);
            Log.PeerClosed(_logger);
            BeginClose(null, goAway: null);
        }
        catch (SpdyProtocolException e)
        {
            Log.ProtocolError(_logger, e.Message);
            BeginClose(e, e.Status);
        }
        catch (OperationCanceledException) when (_readCancellation.IsCancellationRequested)
        {
            BeginClose(null, SpdyGoAwayStatus.Ok);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            var expected = IsClosing();
            if (!expected)
            {
                Log.TransportFailed(_logger, "read", e.Message);
            }

            BeginClose(expected ? null : e, goAway: null);
        }
        catch (Exception e)
        {
            Log.Failed(_logger, e);
            BeginClose(e, SpdyGoAwayStatus.InternalError);
        }
    }

    private bool IsClosing()
    {
        lock (_lock)
        {
            return _closing;
        }
    }

    /// <summary>Reads frames until the transport ends cleanly at a frame boundary; throws for anything else.</summary>
    private async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        var input = PipeReader.Create(_transport, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 4096, leaveOpen: true));
        try
        {
            while (true)
            {
                var result = await input.ReadAtLeastAsync(SpdyFrameHeader.Size, cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                if (buffer.Length < SpdyFrameHeader.Size)
                {
                    if (buffer.IsEmpty)
                    {
                        return;
                    }

                    throw new SpdyProtocolException($"the connection ended inside a frame header ({buffer.Length} of 8 bytes)");
                }

                var header = ParseHeader(buffer);
                input.AdvanceTo(buffer.GetPosition(SpdyFrameHeader.Size));
                if (header.IsControl)
                {
                    await ReadControlFrameAsync(input, header, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await ReadDataFrameAsync(input, header, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            await input.CompleteAsync().ConfigureAwait(false);
        }
    }

    private static SpdyFrameHeader ParseHeader(in ReadOnlySequence<byte> buffer)
    {
        Span<byte> bytes = stackalloc byte[SpdyFrameHeader.Size];
        buffer.Slice(0, SpdyFrameHeader.Size).CopyTo(bytes);
        return SpdyFrameHeader.Parse(bytes);
    }

    private async ValueTask ReadControlFrameAsync(PipeReader input, SpdyFrameHeader header, CancellationToken cancellationToken)
    {
        if (header.Version != SpdyFrames.Version)
        {
            throw new SpdyProtocolException($"unsupported SPDY version {header.Version} (only 3 is spoken)");
        }

        if (header.Length > MaxControlFrameSize)
        {
            throw new SpdyProtocolException($"control frame of type {(ushort)header.Type} has {header.Length} bytes, more than the {MaxControlFrameSize} accepted");
        }

        var result = await input.ReadAtLeastAsync(header.Length, cancellationToken).ConfigureAwait(false);
        if (result.Buffer.Length < header.Length)
        {
            throw new SpdyProtocolException($"the connection ended inside a control frame of type {(ushort)header.Type} ({result.Buffer.Length} of {header.Length} bytes)");
        }

        var payload = result.Buffer.Slice(0, header.Length);
        if (payload.IsSingleSegment)
        {
            HandleControlFrame(header, payload.FirstSpan);
        }
        else
        {
            var copy = ArrayPool<byte>.Shared.Rent(header.Length);
            try
            {
                payload.CopyTo(copy);
                HandleControlFrame(header, copy.AsSpan(0, header.Length));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(copy);
            }
        }

        input.AdvanceTo(payload.End);
    }

    private void HandleControlFrame(SpdyFrameHeader header, ReadOnlySpan<byte> payload)
    {
        switch (header.Type)
        {
            case SpdyFrameType.SynStream:
                HandleSynStream(header.Flags, payload);
                break;
            case SpdyFrameType.SynReply:
                HandleSynReply(header.Flags, payload);
                break;
            case SpdyFrameType.Headers:
                HandleHeaders(header.Flags, payload);
                break;
            case SpdyFrameType.RstStream:
                HandleRstStream(payload);
                break;
            case SpdyFrameType.Settings:
                HandleSettings(payload);
                break;
            case SpdyFrameType.Ping:
                HandlePing(payload);
                break;
            case SpdyFrameType.GoAway:
                HandleGoAway(payload);
                break;
            case SpdyFrameType.WindowUpdate:
                HandleWindowUpdate(payload);
                break;
            default:
                // NOOP, CREDENTIAL and unknown types: the spec says to ignore them.
                Log.FrameIgnored(_logger, (ushort)header.Type);
                break;
        }
    }

    private async ValueTask ReadDataFrameAsync(PipeReader input, SpdyFrameHeader header, CancellationToken cancellationToken)
    {
        if (header.StreamId == 0)
        {
            throw new SpdyProtocolException("data frame on stream 0");
        }

        if (header.Length > _options.MaxDataFrameSize)
        {
            throw new SpdyProtocolException($"data frame of {header.Length} bytes on stream {header.StreamId}, more than the {_options.MaxDataFrameSize} accepted");
        }

        var stream = FindStreamForData(header.StreamId);
        var remaining = header.Length;
        while (remaining > 0)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.IsEmpty && result.IsCompleted)
            {
                throw new SpdyProtocolException($"the connection ended inside a data frame on stream {header.StreamId} ({header.Length - remaining} of {header.Length} bytes)");
            }

            var chunk = buffer.Slice(0, Math.Min(remaining, buffer.Length));
            var room = DeliverData(stream, chunk);
            remaining -= (int)chunk.Length;
            input.AdvanceTo(chunk.End);
            await room.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        if ((header.Flags & SpdyFrames.FlagFin) != 0 && stream is not null)
        {
            OnRemoteFin(stream);
        }
    }

    /// <summary>The stream a data frame is for, or null to discard it (answering with RST_STREAM where the spec asks).</summary>
    private SpdyStream? FindStreamForData(uint id)
    {
        SpdyStatusCode? error = null;
        SpdyStream? stream;
        lock (_lock)
        {
            if (_streams.TryGetValue(id, out stream))
            {
                if (stream.RemoteClosed)
                {
                    error = SpdyStatusCode.StreamAlreadyClosed;
                }
            }
            else if (!WasOpened(id) && !_goAwaySent)
            {
                error = SpdyStatusCode.InvalidStream;
            }
        }

        if (error is { } status)
        {
            if (stream is not null)
            {
                ResetStream(stream, status, fromReadLoop: true, "data after the peer's FIN");
            }
            else
            {
                Log.StreamReset(_logger, id, status, "data for a stream that was never opened");
                EnqueueControl(SpdyFrames.RstStream(id, status));
            }

            return null;
        }

        return stream;
    }

    /// <summary>Whether a stream id not in the table belonged to a stream that existed (and is now over).</summary>
    private bool WasOpened(uint id) => IsLocalStreamId(id) ? id < _nextStreamId : id <= _lastPeerStreamId;

    /// <summary>Accounts for received bytes and hands them to the stream; returns what to wait for before reading on.</summary>
    private Task DeliverData(SpdyStream? stream, in ReadOnlySequence<byte> chunk)
    {
        var count = (int)chunk.Length;
        var deliver = false;
        var overrun = false;
        lock (_lock)
        {
            _receiveWindow -= count;
            if (_options.EnforceReceiveWindows && _receiveWindow < 0)
            {
                throw new SpdyProtocolException($"the peer sent {-_receiveWindow} bytes beyond the connection's flow-control window");
            }

            if (stream is not null && stream.FailureState is null && !stream.RemoteClosed)
            {
                stream.ReceiveWindow -= count;
                overrun = _options.EnforceReceiveWindows && stream.ReceiveWindow < 0;
                deliver = !overrun;
            }
        }

        if (overrun)
        {
            ResetStream(stream!, SpdyStatusCode.FlowControlError, fromReadLoop: true, "the peer sent more than the stream's window");
        }

        if (!deliver)
        {
            OnConsumed(null, count);
            return Task.CompletedTask;
        }

        if (!stream!.InputBuffer.Append(chunk))
        {
            OnConsumed(stream, count);
            return Task.CompletedTask;
        }

        return stream.InputBuffer.WaitForRoomAsync();
    }

    private void OnRemoteFin(SpdyStream stream)
    {
        lock (_lock)
        {
            if (stream.RemoteClosed || stream.FailureState is not null)
            {
                return;
            }

            stream.RemoteClosed = true;
            RemoveIfDone(stream);
        }

        stream.InputBuffer.Finish(null, discard: false);
        stream.CompleteIfDone();
    }
}
