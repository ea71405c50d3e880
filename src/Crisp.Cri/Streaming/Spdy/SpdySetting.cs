namespace Crisp.Cri.Streaming.Spdy;

/// <summary>One entry of a SETTINGS frame: 8 bits of flags, a 24-bit id, a 32-bit value.</summary>
internal readonly record struct SpdySetting(byte Flags, uint Id, uint Value)
{
    public const uint MaxConcurrentStreams = 4;
    public const uint InitialWindowSize = 7;
}
