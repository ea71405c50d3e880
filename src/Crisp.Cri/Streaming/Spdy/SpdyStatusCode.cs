namespace Crisp.Cri.Streaming.Spdy;

/// <summary>The status codes of a SPDY/3 RST_STREAM frame.</summary>
public enum SpdyStatusCode : uint
{
    /// <summary>A generic error, used when nothing more specific applies.</summary>
    ProtocolError = 1,

    /// <summary>A frame arrived for a stream that is not active.</summary>
    InvalidStream = 2,

    /// <summary>The stream was refused before any processing (for example, too many streams).</summary>
    RefusedStream = 3,

    /// <summary>The recipient does not support the SPDY version requested.</summary>
    UnsupportedVersion = 4,

    /// <summary>The stream is no longer needed.</summary>
    Cancel = 5,

    /// <summary>The implementation failed internally, not because of the protocol.</summary>
    InternalError = 6,

    /// <summary>The peer violated flow control.</summary>
    FlowControlError = 7,

    /// <summary>A SYN_REPLY arrived for a stream that was already replied to.</summary>
    StreamInUse = 8,

    /// <summary>Data or a SYN_REPLY arrived for a half-closed stream.</summary>
    StreamAlreadyClosed = 9,

    /// <summary>The credentials of the stream were not valid (SPDY/3 CREDENTIAL; unused here).</summary>
    InvalidCredentials = 10,

    /// <summary>A frame was larger than the recipient supports.</summary>
    FrameTooLarge = 11,
}
