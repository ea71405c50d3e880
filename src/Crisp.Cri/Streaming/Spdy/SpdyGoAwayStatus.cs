namespace Crisp.Cri.Streaming.Spdy;

/// <summary>The status codes of a SPDY/3 GOAWAY frame.</summary>
public enum SpdyGoAwayStatus : uint
{
    /// <summary>A normal end of the session.</summary>
    Ok = 0,

    /// <summary>The peer broke the protocol.</summary>
    ProtocolError = 1,

    /// <summary>The sender failed internally.</summary>
    InternalError = 11,
}
