namespace Crisp.Cri.Streaming.Spdy;

/// <summary>
/// The peer broke the SPDY protocol badly enough that the whole connection ends (a session error): the
/// connection sends GOAWAY with <see cref="Status"/> and closes. Reported by <see cref="SpdyConnection.Error"/>.
/// </summary>
public sealed class SpdyProtocolException : IOException
{
    /// <summary>A session error with a description of what the peer did.</summary>
    public SpdyProtocolException(string message, SpdyGoAwayStatus status = SpdyGoAwayStatus.ProtocolError)
        : base(message)
    {
        Status = status;
    }

    /// <summary>The GOAWAY status sent to the peer.</summary>
    public SpdyGoAwayStatus Status { get; }
}
