using System.Buffers.Binary;

namespace Crisp.Cri.Streaming.Spdy;

/// <summary>
/// The 8-byte header every SPDY frame starts with. Control frames: the C bit, a 15-bit version, a 16-bit
/// type; data frames: C clear and a 31-bit stream id. Then 8 bits of flags and a 24-bit payload length.
/// </summary>
internal readonly record struct SpdyFrameHeader(bool IsControl, ushort Version, SpdyFrameType Type, uint StreamId, byte Flags, int Length)
{
    public const int Size = 8;

    /// <summary>The largest length the 24-bit field can hold.</summary>
    public const int MaxLength = 0xFFFFFF;

    public static SpdyFrameHeader Parse(ReadOnlySpan<byte> bytes)
    {
        var first = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        var second = BinaryPrimitives.ReadUInt32BigEndian(bytes[4..]);
        var flags = (byte)(second >> 24);
        var length = (int)(second & MaxLength);
        return (first & 0x8000_0000) != 0
            ? new SpdyFrameHeader(true, (ushort)((first >> 16) & 0x7FFF), (SpdyFrameType)(first & 0xFFFF), 0, flags, length)
            : new SpdyFrameHeader(false, 0, 0, first & SpdyFrames.MaxStreamId, flags, length);
    }

    public static void WriteControl(Span<byte> destination, SpdyFrameType type, byte flags, int length)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, 0x8000_0000u | ((uint)SpdyFrames.Version << 16) | (ushort)type);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ((uint)flags << 24) | (uint)length);
    }

    public static void WriteData(Span<byte> destination, uint streamId, byte flags, int length)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, streamId & SpdyFrames.MaxStreamId);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ((uint)flags << 24) | (uint)length);
    }
}
