using System.Buffers;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Crisp.Cri.Streaming.Spdy;

/// <summary>
/// A SPDY/3.1 session over a duplex byte stream (for the streaming server: the HTTP/1.1 connection after
/// <c>101 Switching Protocols</c> with <c>Upgrade: SPDY/3.1</c>). <see cref="RunAsync"/> reads and writes
/// frames until the session ends; streams the peer opens arrive through <see cref="AcceptStreamAsync"/>.
/// The connection owns the transport and disposes it when the session ends.
/// </summary>
/// <remarks>
/// Header blocks use one zlib stream per direction with the SPDY/3 dictionary. Flow control: per-stream and
/// connection windows in both directions (64 KiB to start); see <see cref="SpdySendFlowControl"/> for why
/// send-side waiting is automatic by default. A protocol violation by the peer ends the session with GOAWAY
/// and is reported by <see cref="Error"/>; it is never thrown out of <see cref="RunAsync"/>.
/// </remarks>
public sealed partial class SpdyConnection : IAsyncDisposable
{
    private readonly Stream _transport;
    private readonly SpdyConnectionOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Lock _headerLock = new();
    private readonly Dictionary<uint, SpdyStream> _streams = [];
    private readonly Dictionary<uint, TaskCompletionSource> _pings = [];
    private readonly Channel<SpdyStream> _incoming = Channel.CreateUnbounded<SpdyStream>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly Channel<SpdyOutgoingFrame> _outgoing = Channel.CreateUnbounded<SpdyOutgoingFrame>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SpdyHeaderCompressor _compressor = new();
    private readonly SpdyHeaderDecompressor _decompressor;
    private readonly CancellationTokenSource _readCancellation = new();
    private readonly CancellationTokenSource _writeCancellation;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _windowChanged = NewSignal();
    private Task? _run;
    private bool _disposed;
    private bool _closing;
    private bool _finished;
    private bool _goAwaySent;
    private bool _goAwayReceived;
    private Exception? _error;
    private uint _nextStreamId;
    private uint _nextPingId;
    private uint _lastPeerStreamId;
    private uint _lastAcceptedStreamId;
    private int _peerStreamCount;
    private int _localStreamCount;
    private uint _peerMaxConcurrentStreams = uint.MaxValue;
    private long _peerInitialWindowSize = SpdyFrames.DefaultWindowSize;
    private long _sendWindow = SpdyFrames.DefaultWindowSize;
    private long _receiveWindow;
    private long _receiveUnacknowledged;
    private bool _peerDoesFlowControl;
    private int _queuedControlFrames;

    private SpdyConnection(Stream transport, SpdyConnectionOptions options, ILogger logger, bool isServer)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _transport = transport;
        _options = options;
        _logger = logger;
        IsServer = isServer;
        _decompressor = new SpdyHeaderDecompressor(options.MaxHeaderBlockSize);
        _writeCancellation = new CancellationTokenSource(Timeout.InfiniteTimeSpan, options.TimeProvider);
        _nextStreamId = isServer ? 2u : 1u;
        _nextPingId = isServer ? 2u : 1u;
        _receiveWindow = options.ConnectionWindowSize;

        // The first frames: this side's stream window (which also tells the peer it does flow control), and
        // a larger connection window when one is configured.
        Enqueue(new SpdyOutgoingFrame(SpdyFrames.Settings([new SpdySetting(0, SpdySetting.InitialWindowSize, (uint)options.InitialWindowSize)])));
        if (options.ConnectionWindowSize > SpdyFrames.DefaultWindowSize)
        {
            Enqueue(new SpdyOutgoingFrame(SpdyFrames.WindowUpdate(0, options.ConnectionWindowSize - SpdyFrames.DefaultWindowSize)));
        }
    }

    /// <summary>Whether this is the server side (the side that accepted the transport; it opens even-numbered streams).</summary>
    public bool IsServer { get; }

    /// <summary>Completes (never faults) once the session is over: streams ended, tasks finished, transport disposed.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Why the session failed (<see cref="SpdyProtocolException"/> for a misbehaving peer, an I/O error for a broken transport), or null.</summary>
    public Exception? Error
    {
        get
        {
            lock (_lock)
            {
                return _error;
            }
        }
    }

    /// <summary>Streams the peer opened, in order; completed when the session ends.</summary>
    public ChannelReader<SpdyStream> IncomingStreams => _incoming.Reader;

    internal Lock SyncRoot => _lock;

    /// <summary>The server side of a session over <paramref name="transport"/>, which it then owns.</summary>
    public static SpdyConnection Server(Stream transport, SpdyConnectionOptions? options = null, ILogger? logger = null) =>
        new(transport, options ?? SpdyConnectionOptions.Default, logger ?? NullLogger.Instance, isServer: true);

    /// <summary>The client side of a session over <paramref name="transport"/>, which it then owns.</summary>
    public static SpdyConnection Client(Stream transport, SpdyConnectionOptions? options = null, ILogger? logger = null) =>
        new(transport, options ?? SpdyConnectionOptions.Default, logger ?? NullLogger.Instance, isServer: false);

    /// <summary>
    /// Runs the session: reads and dispatches frames and writes queued ones until the peer closes the
    /// transport, a protocol or I/O error ends it, <paramref name="cancellationToken"/> fires (then it closes
    /// as <see cref="DisposeAsync"/> does) or the connection is disposed. Never throws for those; see
    /// <see cref="Error"/>. Call once.
    /// </summary>
    public Task RunAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_run is not null)
            {
                throw new InvalidOperationException("RunAsync was already called");
            }

            _run = Task.Run(() => RunCoreAsync(cancellationToken), CancellationToken.None);
            return _run;
        }
    }

    /// <summary>The next stream the peer opened, or null once the session is over.</summary>
    public async ValueTask<SpdyStream?> AcceptStreamAsync(CancellationToken cancellationToken = default)
    {
        while (await _incoming.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_incoming.Reader.TryRead(out var stream))
            {
                return stream;
            }
        }

        return null;
    }

    /// <summary>
    /// Opens a stream (SYN_STREAM); with <paramref name="fin"/> this side sends nothing on it. Completes once
    /// the frame was written; the peer's answer comes through <see cref="SpdyStream.WaitForReplyAsync"/>.
    /// </summary>
    /// <exception cref="IOException">The session is over, the peer sent GOAWAY, or its stream limit is reached.</exception>
    public async ValueTask<SpdyStream> OpenStreamAsync(SpdyHeaders headers, bool fin = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(headers);
        SpdyStream stream;
        SpdyOutgoingFrame frame;
        lock (_headerLock)
        {
            lock (_lock)
            {
                ThrowIfClosed();
                if (_goAwayReceived)
                {
                    throw new IOException("The SPDY peer sent GOAWAY; it accepts no new streams");
                }

                if (_nextStreamId > SpdyFrames.MaxStreamId)
                {
                    throw new IOException("This SPDY connection has used up its stream ids");
                }

                if ((uint)_localStreamCount >= _peerMaxConcurrentStreams)
                {
                    throw new IOException($"The SPDY peer allows at most {_peerMaxConcurrentStreams} concurrent streams");
                }

                stream = NewStream(_nextStreamId, isLocallyInitiated: true, headers, priority: 0);
                _nextStreamId += 2;
                stream.LocalClosed = fin;
                _streams.Add(stream.Id, stream);
                _localStreamCount++;
            }

            frame = new SpdyOutgoingFrame(
                SpdyFrames.SynStream(stream.Id, 0, 0, fin ? SpdyFrames.FlagFin : (byte)0, CompressHeaders(headers)),
                tracked: true);
            Enqueue(frame);
        }

        await frame.Written.WaitAsync(cancellationToken).ConfigureAwait(false);
        return stream;
    }

    /// <summary>Sends a PING and completes when the peer echoes it.</summary>
    /// <exception cref="IOException">The session ended first.</exception>
    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        uint id;
        var echoed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            ThrowIfClosed();
            id = _nextPingId;
            _nextPingId = _nextPingId + 2 > SpdyFrames.MaxStreamId ? (IsServer ? 2u : 1u) : _nextPingId + 2;
            _pings[id] = echoed;
        }

        try
        {
            Enqueue(new SpdyOutgoingFrame(SpdyFrames.Ping(id)));
            await echoed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_lock)
            {
                _pings.Remove(id);
            }
        }
    }

    /// <summary>
    /// Sends GOAWAY (OK) naming the last stream accepted: later SYN_STREAMs are refused, open streams go on.
    /// Does nothing if GOAWAY was already sent or the session is over.
    /// </summary>
    public async ValueTask GoAwayAsync(CancellationToken cancellationToken = default)
    {
        SpdyOutgoingFrame frame;
        lock (_lock)
        {
            if (_goAwaySent || _closing)
            {
                return;
            }

            _goAwaySent = true;
            frame = new SpdyOutgoingFrame(SpdyFrames.GoAway(_lastAcceptedStreamId, SpdyGoAwayStatus.Ok), tracked: true);
        }

        Enqueue(frame);
        await frame.Written.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Ends the session: sends GOAWAY (OK) unless one was sent, fails every open stream with
    /// <see cref="IOException"/>, waits up to <see cref="SpdyConnectionOptions.CloseTimeout"/> for queued frames
    /// to be written, disposes the transport and waits for <see cref="RunAsync"/> to finish.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        Task? run;
        lock (_lock)
        {
            _disposed = true;
            run = _run;
        }

        BeginClose(null, SpdyGoAwayStatus.Ok);
        if (run is not null)
        {
            await run.ConfigureAwait(false);
            return;
        }

        // Never ran: nothing was written; drop the queue and release everything here.
        DropQueuedFrames();
        await DisposeTransportAsync().ConfigureAwait(false);
        Finish();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task RunCoreAsync(CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.UnsafeRegister(static state => ((SpdyConnection)state!).BeginClose(null, SpdyGoAwayStatus.Ok), this);
        var writing = WriteLoopAsync();
        await ReadLoopGuardedAsync().ConfigureAwait(false);
        await writing.ConfigureAwait(false);
        Finish();
    }

    /// <summary>
    /// Starts the end of the session (once): records why, queues GOAWAY when <paramref name="goAway"/> is set,
    /// fails every stream and pending ping, stops reading, and lets the writer drain the queue within the close timeout.
    /// </summary>
    private void BeginClose(Exception? error, SpdyGoAwayStatus? goAway)
    {
        List<SpdyStream> streams;
        List<TaskCompletionSource> pings;
        TaskCompletionSource signal;
        SpdyOutgoingFrame? goAwayFrame = null;
        lock (_lock)
        {
            if (_closing)
            {
                return;
            }

            _closing = true;
            _error = error;
            streams = [.. _streams.Values];
            _streams.Clear();
            pings = [.. _pings.Values];
            _pings.Clear();
            signal = SwapWindowSignal();
            if (goAway is { } status && !_goAwaySent)
            {
                _goAwaySent = true;
                goAwayFrame = new SpdyOutgoingFrame(SpdyFrames.GoAway(_lastAcceptedStreamId, status));
            }

            var streamError = new IOException("The SPDY connection closed", error);
            foreach (var stream in streams)
            {
                stream.FailureState ??= streamError;
                stream.LocalClosed = stream.RemoteClosed = true;
            }
        }

        if (error is null)
        {
            Log.Closing(_logger, IsServer ? "server" : "client");
        }

        // Arm the write deadline before anything lets the loops finish (Finish disposes its source).
        _writeCancellation.CancelAfter(_options.CloseTimeout);
        if (goAwayFrame is not null)
        {
            Enqueue(goAwayFrame);
        }

        _outgoing.Writer.TryComplete();
        _incoming.Writer.TryComplete();
        _readCancellation.Cancel();
        foreach (var stream in streams)
        {
            stream.OnEnded(stream.FailureState, discardInput: false);
        }

        var closed = new IOException("The SPDY connection closed", error);
        foreach (var ping in pings)
        {
            ping.TrySetException(closed);
        }

        signal.TrySetResult();
    }

    /// <summary>The last step, once reading and writing are over: releases zlib and reports completion.</summary>
    private void Finish()
    {
        lock (_headerLock)
        {
            if (_finished)
            {
                return;
            }

            _finished = true;
            _compressor.Dispose();
        }

        _decompressor.Dispose();
        _writeCancellation.Dispose();
        _completion.TrySetResult();
    }

    private void ThrowIfClosed()
    {
        if (_closing)
        {
            throw new IOException("The SPDY connection is closed", _error);
        }
    }

    private SpdyStream NewStream(uint id, bool isLocallyInitiated, SpdyHeaders headers, byte priority) =>
        new(this, id, isLocallyInitiated, headers, priority, _peerInitialWindowSize, _options.InitialWindowSize,
            Math.Max(_options.InitialWindowSize, _options.MaxBufferedBytesPerStream) + 1L);

    /// <summary>Compresses a header block; the caller holds the header lock, so blocks go out in compression order.</summary>
    private byte[] CompressHeaders(SpdyHeaders headers)
    {
        if (_finished)
        {
            throw new IOException("The SPDY connection is closed", _error);
        }

        var block = new ArrayBufferWriter<byte>(256);
        _compressor.Compress(headers, block);
        return block.WrittenSpan.ToArray();
    }

    /// <summary>Replaces the window signal (caller holds the lock) and returns the old one, to be completed outside the lock.</summary>
    private TaskCompletionSource SwapWindowSignal()
    {
        var old = _windowChanged;
        _windowChanged = NewSignal();
        return old;
    }

    private bool IsLocalStreamId(uint id) => (id & 1) == (IsServer ? 0u : 1u);
}
