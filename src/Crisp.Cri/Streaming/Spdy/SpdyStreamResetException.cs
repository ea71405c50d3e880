namespace Crisp.Cri.Streaming.Spdy;

/// <summary>A stream ended abnormally with RST_STREAM, sent by the peer or by this side.</summary>
public sealed class SpdyStreamResetException : IOException
{
    /// <summary>A reset of stream <paramref name="streamId"/> with <paramref name="status"/>.</summary>
    public SpdyStreamResetException(uint streamId, SpdyStatusCode status, bool byPeer)
        : base($"SPDY stream {streamId} was reset by {(byPeer ? "the peer" : "this side")} ({status})")
    {
        StreamId = streamId;
        Status = status;
        ByPeer = byPeer;
    }

    /// <summary>The stream's id.</summary>
    public uint StreamId { get; }

    /// <summary>The RST_STREAM status.</summary>
    public SpdyStatusCode Status { get; }

    /// <summary>Whether the peer sent the reset (otherwise this side did).</summary>
    public bool ByPeer { get; }
}
