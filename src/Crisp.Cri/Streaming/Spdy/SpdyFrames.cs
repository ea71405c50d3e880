using System.Buffers;
using System.Buffers.Binary;

namespace Crisp.Cri.Streaming.Spdy;

/// <summary>
/// Encoders and decoders for SPDY/3.1 frames. Encoders return whole frames (header included); decoders
/// take a control frame's payload and throw <see cref="SpdyProtocolException"/> when it is malformed.
/// </summary>
internal static class SpdyFrames
{
    public const ushort Version = 3;
    public const byte FlagFin = 0x01;
    public const byte FlagUnidirectional = 0x02;
    public const uint MaxStreamId = 0x7FFF_FFFF;

    /// <summary>The window every stream and the connection start with (SPDY/3.1).</summary>
    public const int DefaultWindowSize = 64 * 1024;

    public static byte[] SynStream(uint streamId, uint associatedStreamId, byte priority, byte flags, ReadOnlySpan<byte> compressedHeaders)
    {
        var frame = Control(SpdyFrameType.SynStream, flags, 10 + compressedHeaders.Length);
        var payload = frame.AsSpan(SpdyFrameHeader.Size);
        BinaryPrimitives.WriteUInt32BigEndian(payload, streamId & MaxStreamId);
        BinaryPrimitives.WriteUInt32BigEndian(payload[4..], associatedStreamId & MaxStreamId);
        payload[8] = (byte)((priority & 0x7) << 5);
        payload[9] = 0; // slot (CREDENTIAL), unused
        compressedHeaders.CopyTo(payload[10..]);
        return frame;
    }

    public static byte[] SynReply(uint streamId, byte flags, ReadOnlySpan<byte> compressedHeaders) =>
        StreamHeaders(SpdyFrameType.SynReply, streamId, flags, compressedHeaders);

    public static byte[] Headers(uint streamId, byte flags, ReadOnlySpan<byte> compressedHeaders) =>
        StreamHeaders(SpdyFrameType.Headers, streamId, flags, compressedHeaders);

    public static byte[] RstStream(uint streamId, SpdyStatusCode status) =>
        TwoWords(SpdyFrameType.RstStream, streamId & MaxStreamId, (uint)status);

    public static byte[] Settings(IReadOnlyList<SpdySetting> settings)
    {
        var frame = Control(SpdyFrameType.Settings, 0, 4 + (8 * settings.Count));
        var payload = frame.AsSpan(SpdyFrameHeader.Size);
        BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)settings.Count);
        for (var i = 0; i < settings.Count; i++)
        {
            var entry = payload[(4 + (8 * i))..];
            BinaryPrimitives.WriteUInt32BigEndian(entry, ((uint)settings[i].Flags << 24) | (settings[i].Id & 0xFFFFFF));
            BinaryPrimitives.WriteUInt32BigEndian(entry[4..], settings[i].Value);
        }

        return frame;
    }

    public static byte[] Ping(uint id)
    {
        var frame = Control(SpdyFrameType.Ping, 0, 4);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(SpdyFrameHeader.Size), id);
        return frame;
    }

    public static byte[] GoAway(uint lastGoodStreamId, SpdyGoAwayStatus status) =>
        TwoWords(SpdyFrameType.GoAway, lastGoodStreamId & MaxStreamId, (uint)status);

    public static byte[] WindowUpdate(uint streamId, int delta) =>
        TwoWords(SpdyFrameType.WindowUpdate, streamId & MaxStreamId, (uint)delta & 0x7FFF_FFFF);

    /// <summary>A data frame in a buffer rented from <see cref="ArrayPool{T}.Shared"/>; the caller returns it.</summary>
    public static byte[] RentData(uint streamId, byte flags, ReadOnlySpan<byte> data, out int length)
    {
        length = SpdyFrameHeader.Size + data.Length;
        var frame = ArrayPool<byte>.Shared.Rent(length);
        SpdyFrameHeader.WriteData(frame, streamId, flags, data.Length);
        data.CopyTo(frame.AsSpan(SpdyFrameHeader.Size));
        return frame;
    }

    public static void ReadSynStream(ReadOnlySpan<byte> payload, out uint streamId, out uint associatedStreamId, out byte priority, out ReadOnlySpan<byte> compressedHeaders)
    {
        RequireAtLeast(payload, 10, "SYN_STREAM");
        streamId = BinaryPrimitives.ReadUInt32BigEndian(payload) & MaxStreamId;
        associatedStreamId = BinaryPrimitives.ReadUInt32BigEndian(payload[4..]) & MaxStreamId;
        priority = (byte)(payload[8] >> 5);
        compressedHeaders = payload[10..];
    }

    /// <summary>SYN_REPLY and HEADERS: a stream id, then a compressed header block.</summary>
    public static void ReadStreamHeaders(ReadOnlySpan<byte> payload, string frameName, out uint streamId, out ReadOnlySpan<byte> compressedHeaders)
    {
        RequireAtLeast(payload, 4, frameName);
        streamId = BinaryPrimitives.ReadUInt32BigEndian(payload) & MaxStreamId;
        compressedHeaders = payload[4..];
    }

    public static (uint StreamId, SpdyStatusCode Status) ReadRstStream(ReadOnlySpan<byte> payload)
    {
        RequireExactly(payload, 8, "RST_STREAM");
        return (BinaryPrimitives.ReadUInt32BigEndian(payload) & MaxStreamId, (SpdyStatusCode)BinaryPrimitives.ReadUInt32BigEndian(payload[4..]));
    }

    public static List<SpdySetting> ReadSettings(ReadOnlySpan<byte> payload)
    {
        RequireAtLeast(payload, 4, "SETTINGS");
        var count = BinaryPrimitives.ReadUInt32BigEndian(payload);
        if ((ulong)payload.Length != 4 + (8 * (ulong)count))
        {
            throw new SpdyProtocolException($"SETTINGS frame claims {count} entries but has {payload.Length} bytes");
        }

        var settings = new List<SpdySetting>((int)count);
        for (var i = 0; i < (int)count; i++)
        {
            var entry = payload[(4 + (8 * i))..];
            var flagsAndId = BinaryPrimitives.ReadUInt32BigEndian(entry);
            settings.Add(new SpdySetting((byte)(flagsAndId >> 24), flagsAndId & 0xFFFFFF, BinaryPrimitives.ReadUInt32BigEndian(entry[4..])));
        }

        return settings;
    }

    public static uint ReadPing(ReadOnlySpan<byte> payload)
    {
        RequireExactly(payload, 4, "PING");
        return BinaryPrimitives.ReadUInt32BigEndian(payload);
    }

    public static (uint LastGoodStreamId, SpdyGoAwayStatus Status) ReadGoAway(ReadOnlySpan<byte> payload)
    {
        RequireExactly(payload, 8, "GOAWAY");
        return (BinaryPrimitives.ReadUInt32BigEndian(payload) & MaxStreamId, (SpdyGoAwayStatus)BinaryPrimitives.ReadUInt32BigEndian(payload[4..]));
    }

    public static (uint StreamId, uint Delta) ReadWindowUpdate(ReadOnlySpan<byte> payload)
    {
        RequireExactly(payload, 8, "WINDOW_UPDATE");
        return (BinaryPrimitives.ReadUInt32BigEndian(payload) & MaxStreamId, BinaryPrimitives.ReadUInt32BigEndian(payload[4..]) & 0x7FFF_FFFF);
    }

    private static byte[] StreamHeaders(SpdyFrameType type, uint streamId, byte flags, ReadOnlySpan<byte> compressedHeaders)
    {
        var frame = Control(type, flags, 4 + compressedHeaders.Length);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(SpdyFrameHeader.Size), streamId & MaxStreamId);
        compressedHeaders.CopyTo(frame.AsSpan(SpdyFrameHeader.Size + 4));
        return frame;
    }

    private static byte[] TwoWords(SpdyFrameType type, uint first, uint second)
    {
        var frame = Control(type, 0, 8);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(SpdyFrameHeader.Size), first);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(SpdyFrameHeader.Size + 4), second);
        return frame;
    }

    private static byte[] Control(SpdyFrameType type, byte flags, int payloadLength)
    {
        if (payloadLength > SpdyFrameHeader.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(payloadLength), $"a SPDY frame carries at most {SpdyFrameHeader.MaxLength} bytes");
        }

        var frame = new byte[SpdyFrameHeader.Size + payloadLength];
        SpdyFrameHeader.WriteControl(frame, type, flags, payloadLength);
        return frame;
    }

    private static void RequireExactly(ReadOnlySpan<byte> payload, int length, string frameName)
    {
        if (payload.Length != length)
        {
            throw new SpdyProtocolException($"{frameName} frame has {payload.Length} bytes of payload, not {length}");
        }
    }

    private static void RequireAtLeast(ReadOnlySpan<byte> payload, int length, string frameName)
    {
        if (payload.Length < length)
        {
            throw new SpdyProtocolException($"{frameName} frame has {payload.Length} bytes of payload, fewer than {length}");
        }
    }
}
