namespace Crisp.Cri.Streaming.Spdy;

/// <summary>SPDY/3 control frame types (NOOP, 5, and CREDENTIAL, 10, are recognised only to be ignored).</summary>
internal enum SpdyFrameType : ushort
{
    SynStream = 1,
    SynReply = 2,
    RstStream = 3,
    Settings = 4,
    Noop = 5,
    Ping = 6,
    GoAway = 7,
    Headers = 8,
    WindowUpdate = 9,
    Credential = 10,
}
