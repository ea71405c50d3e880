using System.Buffers;
using Crisp.Cri.Streaming.Spdy;
using Shouldly;

namespace Crisp.Unit.Tests.Streaming.Spdy;

public sealed class SpdyFramesTests
{
    [Fact]
    public void SynStream_RoundTrips()
    {
        var frame = SpdyFrames.SynStream(0x7FFFFFFF, 3, 5, SpdyFrames.FlagFin | SpdyFrames.FlagUnidirectional, [1, 2, 3]);

        var header = SpdyFrameHeader.Parse(frame);
        SpdyFrames.ReadSynStream(frame.AsSpan(SpdyFrameHeader.Size), out var id, out var associated, out var priority, out var block);

        Convert.ToHexStringLower(frame, 0, 4).ShouldBe("80030001"); // C bit, version 3, type 1
        header.ShouldBe(new SpdyFrameHeader(true, 3, SpdyFrameType.SynStream, 0, 0x03, 13));
        (id, associated, priority).ShouldBe((0x7FFFFFFFu, 3u, (byte)5));
        block.ToArray().ShouldBe(new byte[] { 1, 2, 3 });
    }

    [Fact]
    public void SynReplyAndHeaders_RoundTrip()
    {
        foreach (var (frame, type) in new[] { (SpdyFrames.SynReply(7, SpdyFrames.FlagFin, [9]), SpdyFrameType.SynReply), (SpdyFrames.Headers(9, 0, [8, 8]), SpdyFrameType.Headers) })
        {
            var header = SpdyFrameHeader.Parse(frame);
            SpdyFrames.ReadStreamHeaders(frame.AsSpan(SpdyFrameHeader.Size), "test", out var id, out var block);

            header.Type.ShouldBe(type);
            header.Length.ShouldBe(4 + block.Length);
            id.ShouldBe(type == SpdyFrameType.SynReply ? 7u : 9u);
        }
    }

    [Fact]
    public void RstStream_RoundTrips()
    {
        var frame = SpdyFrames.RstStream(5, SpdyStatusCode.FlowControlError);

        SpdyFrameHeader.Parse(frame).ShouldBe(new SpdyFrameHeader(true, 3, SpdyFrameType.RstStream, 0, 0, 8));
        SpdyFrames.ReadRstStream(frame.AsSpan(8)).ShouldBe((5u, SpdyStatusCode.FlowControlError));
    }

    [Fact]
    public void Settings_RoundTrip()
    {
        var frame = SpdyFrames.Settings([new SpdySetting(1, SpdySetting.InitialWindowSize, 4096), new SpdySetting(0, SpdySetting.MaxConcurrentStreams, 10)]);

        SpdyFrameHeader.Parse(frame).Length.ShouldBe(4 + 16);
        SpdyFrames.ReadSettings(frame.AsSpan(8)).ShouldBe([new SpdySetting(1, 7, 4096), new SpdySetting(0, 4, 10)]);
    }

    [Fact]
    public void Settings_CountDisagreeingWithLength_Throws()
    {
        var frame = SpdyFrames.Settings([new SpdySetting(0, 7, 1)]);
        frame[11] = 2;

        Should.Throw<SpdyProtocolException>(() => SpdyFrames.ReadSettings(frame.AsSpan(8)));
    }

    [Fact]
    public void PingGoAwayWindowUpdate_RoundTrip()
    {
        SpdyFrames.ReadPing(SpdyFrames.Ping(0xFFFFFFFF).AsSpan(8)).ShouldBe(0xFFFFFFFFu);
        SpdyFrames.ReadGoAway(SpdyFrames.GoAway(41, SpdyGoAwayStatus.InternalError).AsSpan(8)).ShouldBe((41u, SpdyGoAwayStatus.InternalError));
        SpdyFrames.ReadWindowUpdate(SpdyFrames.WindowUpdate(3, 0x7FFFFFFF).AsSpan(8)).ShouldBe((3u, 0x7FFFFFFFu));
        SpdyFrameHeader.Parse(SpdyFrames.GoAway(1, SpdyGoAwayStatus.Ok)).Type.ShouldBe(SpdyFrameType.GoAway);
    }

    [Fact]
    public void FixedSizeFrames_WrongLength_Throw()
    {
        Should.Throw<SpdyProtocolException>(() => SpdyFrames.ReadPing(new byte[5]));
        Should.Throw<SpdyProtocolException>(() => SpdyFrames.ReadGoAway(new byte[4]));
        Should.Throw<SpdyProtocolException>(() => SpdyFrames.ReadRstStream(new byte[9]));
        Should.Throw<SpdyProtocolException>(() => SpdyFrames.ReadWindowUpdate(new byte[7]));
        Should.Throw<SpdyProtocolException>(() => SpdyFrames.ReadSynStream(new byte[9], out _, out _, out _, out _));
    }

    [Fact]
    public void Data_RoundTripsWithFinAndThe31BitId()
    {
        var frame = SpdyFrames.RentData(0x7FFFFFFF, SpdyFrames.FlagFin, [1, 2, 3, 4], out var length);
        try
        {
            var header = SpdyFrameHeader.Parse(frame);

            length.ShouldBe(12);
            (frame[0] & 0x80).ShouldBe(0);
            header.ShouldBe(new SpdyFrameHeader(false, 0, 0, 0x7FFFFFFF, SpdyFrames.FlagFin, 4));
            frame.AsSpan(8, 4).ToArray().ShouldBe(new byte[] { 1, 2, 3, 4 });
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }

    [Fact]
    public void Parse_OtherVersion_IsReportedNotRejected()
    {
        var frame = SpdyFrames.Ping(1);
        frame[1] = 2;

        SpdyFrameHeader.Parse(frame).Version.ShouldBe((ushort)2);
    }
}
