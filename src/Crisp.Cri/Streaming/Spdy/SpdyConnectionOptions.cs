namespace Crisp.Cri.Streaming.Spdy;

/// <summary>Limits and flow-control behaviour of a <see cref="SpdyConnection"/>.</summary>
public sealed record SpdyConnectionOptions
{
    /// <summary>The defaults.</summary>
    public static SpdyConnectionOptions Default { get; } = new();

    /// <summary>
    /// The receive window of each stream, announced to the peer with SETTINGS_INITIAL_WINDOW_SIZE as the
    /// connection's first frame; WINDOW_UPDATE frames return credit as the application reads. Default 64 KiB.
    /// </summary>
    public int InitialWindowSize { get; init; } = 64 * 1024;

    /// <summary>
    /// The connection-level receive window (SPDY/3.1). It starts at 64 KiB by protocol; a larger value is
    /// granted with a WINDOW_UPDATE on stream 0 at start. At least 64 KiB. Default 64 KiB.
    /// </summary>
    public int ConnectionWindowSize { get; init; } = 64 * 1024;

    /// <summary>Whether writers wait for the peer's windows. Default <see cref="SpdySendFlowControl.Auto"/>.</summary>
    public SpdySendFlowControl SendFlowControl { get; init; } = SpdySendFlowControl.Auto;

    /// <summary>
    /// When true, a peer that sends more than a stream's window gets RST_STREAM FLOW_CONTROL_ERROR, and more
    /// than the connection's window ends the connection. When false (default; spdystream ignores windows),
    /// such data is accepted and the connection stops reading while a stream holds
    /// <see cref="MaxBufferedBytesPerStream"/> unread bytes.
    /// </summary>
    public bool EnforceReceiveWindows { get; init; }

    /// <summary>Unread bytes a stream may hold before the connection stops reading (never below the stream window). Default 1 MiB.</summary>
    public int MaxBufferedBytesPerStream { get; init; } = 1024 * 1024;

    /// <summary>The largest data frame accepted; a larger one ends the connection. Default 16 MiB - 1 (the protocol maximum).</summary>
    public int MaxDataFrameSize { get; init; } = 0xFFFFFF;

    /// <summary>The largest header block accepted, compressed (the frame) or decompressed; a larger one ends the connection. Default 1 MiB.</summary>
    public int MaxHeaderBlockSize { get; init; } = 1024 * 1024;

    /// <summary>The largest payload of a data frame this side sends. Default 32 KiB.</summary>
    public int SendDataFrameSize { get; init; } = 32 * 1024;

    /// <summary>Streams the peer may have open at once; more are refused with RST_STREAM REFUSED_STREAM. Default 1000.</summary>
    public int MaxConcurrentStreams { get; init; } = 1000;

    /// <summary>
    /// Control frames (PING replies, WINDOW_UPDATE, RST_STREAM) the connection may have queued for a peer
    /// that does not read; beyond that the connection ends. Default 10,000.
    /// </summary>
    public int MaxQueuedControlFrames { get; init; } = 10_000;

    /// <summary>How long closing waits for queued frames (GOAWAY included) to be written before dropping the transport. Default 5 s.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The clock behind <see cref="CloseTimeout"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(InitialWindowSize, 1, nameof(InitialWindowSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(ConnectionWindowSize, SpdyFrames.DefaultWindowSize, nameof(ConnectionWindowSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBufferedBytesPerStream, 1, nameof(MaxBufferedBytesPerStream));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDataFrameSize, 1, nameof(MaxDataFrameSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxDataFrameSize, SpdyFrameHeader.MaxLength, nameof(MaxDataFrameSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxHeaderBlockSize, 1024, nameof(MaxHeaderBlockSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(SendDataFrameSize, 1, nameof(SendDataFrameSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(SendDataFrameSize, SpdyFrameHeader.MaxLength, nameof(SendDataFrameSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentStreams, 1, nameof(MaxConcurrentStreams));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxQueuedControlFrames, 1, nameof(MaxQueuedControlFrames));
        ArgumentOutOfRangeException.ThrowIfLessThan(CloseTimeout, TimeSpan.Zero, nameof(CloseTimeout));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
    }
}
