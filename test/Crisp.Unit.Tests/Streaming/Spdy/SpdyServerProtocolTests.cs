using System.Buffers;
using System.Buffers.Binary;
using Crisp.Cri.Streaming.Spdy;
using Crisp.Linux.Zlib;
using Shouldly;

namespace Crisp.Unit.Tests.Streaming.Spdy;

/// <summary>A server connection driven byte by byte by a <see cref="RawPeer"/> (spdystream-like unless a test says otherwise).</summary>
public sealed class SpdyServerProtocolTests
{
    [Fact]
    public async Task Server_FirstFrame_IsSettingsWithItsStreamWindow()
    {
        using var timeout = TestTimeout.Start();
        await using var session = Session.Start(new SpdyConnectionOptions { InitialWindowSize = 12345 });

        var first = await session.Peer.ReadFrameAsync(timeout.Token);

        first!.Is(SpdyFrameType.Settings).ShouldBeTrue();
        SpdyFrames.ReadSettings(first.Payload).ShouldBe([new SpdySetting(0, SpdySetting.InitialWindowSize, 12345)]);
    }

    [Fact]
    public async Task Write_PeerThatNeverGrantsWindow_AutoModeStillSendsEverything()
    {
        using var timeout = TestTimeout.Start();
        await using var session = Session.Start();
        await session.Peer.SendSynStreamAsync(1, new SpdyHeaders { { "streamtype", "stdout" } }, 0, timeout.Token);
        var stream = (await session.Server.AcceptStreamAsync(timeout.Token))!;
        await stream.ReplyAsync(cancellationToken: timeout.Token);

        var writing = Task.Run(async () =>
        {
            await stream.WriteAsync(new byte[1024 * 1024], timeout.Token);
            await stream.CloseWriteAsync(timeout.Token);
        }, timeout.Token);
        var received = 0;
        var sawFin = false;
        while (!sawFin && await session.Peer.ReadFrameAsync(timeout.Token) is { } frame)
        {
            if (frame.IsData)
            {
                received += frame.Payload.Length;
                sawFin = (frame.Header.Flags & SpdyFrames.FlagFin) != 0;
            }
        }

        await writing;
        received.ShouldBe(1024 * 1024);
    }

    [Fact]
    public async Task Write_EnforcedWindows_StopAtTheWindowUntilWindowUpdate()
    {
        using var timeout = TestTimeout.Start();
        await using var session = Session.Start(new SpdyConnectionOptions { SendFlowControl = SpdySendFlowControl.Enforce });
        await session.Peer.SendSynStreamAsync(1, new SpdyHeaders { { "streamtype", "stdout" } }, 0, timeout.Token);
        var stream = (await session.Server.AcceptStreamAsync(timeout.Token))!;
        await stream.ReplyAsync(cancellationToken: timeout.Token);
        const int Total = 200 * 1024;
        var writing = stream.WriteAsync(new byte[Total], timeout.Token).AsTask();

        var beforePing = 0;
        while (beforePing < 64 * 1024 && await session.Peer.ReadFrameAsync(timeout.Token) is { } frame)
        {
            beforePing += frame.IsData ? frame.Payload.Length : 0;
        }

        await session.Peer.SendAsync(SpdyFrames.Ping(7), timeout.Token);
        var echo = await session.Peer.ReadUntilAsync(f => f.Is(SpdyFrameType.Ping) || f.IsData, timeout.Token);
        var stalled = writing.IsCompleted;
        await session.Peer.SendAsync(SpdyFrames.WindowUpdate(1, Total), timeout.Token);
        await session.Peer.SendAsync(SpdyFrames.WindowUpdate(0, Total), timeout.Token);
        var after = 0;
        while (beforePing + after < Total && await session.Peer.ReadFrameAsync(timeout.Token) is { } frame)
        {
            after += frame.IsData ? frame.Payload.Length : 0;
        }

        await writing;
        beforePing.ShouldBe(64 * 1024);
        echo!.Is(SpdyFrameType.Ping).ShouldBeTrue();
        stalled.ShouldBeFalse();
        after.ShouldBe(Total - (64 * 1024));
    }

    [Fact]
    public async Task Read_PeerIgnoringTheWindow_IsAcceptedAndCreditedAsRead()
    {
        using var timeout = TestTimeout.Start();
        await using var session = Session.Start();
        await session.Peer.SendSynStreamAsync(1, new SpdyHeaders { { "streamtype", "stdin" } }, 0, timeout.Token);
        var stream = (await session.Server.AcceptStreamAsync(timeout.Token))!;
        var sending = Task.Run(async () =>
        {
            for (var i = 0; i < 32; i++)
            {
                await session.Peer.SendDataAsync(1, new byte[32 * 1024], fin: i == 31, timeout.Token);
            }
        }, timeout.Token);

        using var collected = new MemoryStream();
        await stream.Input.CopyToAsync(collected, timeout.Token);
        await sending;
        var updates = (await ReadFramesUntilPingAsync(session, timeout.Token)).Where(f => f.Is(SpdyFrameType.WindowUpdate)).ToList();

        collected.Length.ShouldBe(1024 * 1024);
        updates.Where(f => SpdyFrames.ReadWindowUpdate(f.Payload).StreamId == 0).Sum(f => SpdyFrames.ReadWindowUpdate(f.Payload).Delta).ShouldBe(1024u * 1024);
    }

    [Fact]
    public async Task Read_OverrunWithStrictWindows_ResetsTheStream()
    {
        using var timeout = TestTimeout.Start();
        await using var session = Session.Start(new SpdyConnectionOptions { EnforceReceiveWindows = true, InitialWindowSize = 1024, ConnectionWindowSize = 1024 * 1024 });
        await session.Peer.SendSynStreamAsync(1, new SpdyHeaders { { "streamtype", "stdin" } }, 0, timeout.Token);
        var stream = (await session.Server.AcceptStreamAsync(timeout.Token))!;

        await session.Peer.SendDataAsync(1, new byte[2048], fin: false, timeout.Token);
        var reset = await session.Peer.ReadUntilAsync(f => f.Is(SpdyFrameType.RstStream), timeout.Token);

        SpdyFrames.ReadRstStream(reset!.Payload).ShouldBe((1u, SpdyStatusCode.FlowControlError));
        await Should.ThrowAsync<SpdyStreamResetException>(() => stream.Input.ReadOnceAsync(timeout.Token));
        session.Server.Error.ShouldBeNull();
    }

    [Fact]
    public async Task Ping_FromThePeer_IsEchoedWithItsId()
    {
        using var timeout = TestTimeout.Start();
        await using var session = Session.Start();

        await session.Peer.SendAsync(SpdyFrames.Ping(0x12345679), timeout.Token);
        var echo = await session.Peer.ReadUntilAsync(f => f.Is(SpdyFrameType.Ping), timeout.Token);

        SpdyFrames.ReadPing(echo!.Payload).ShouldBe(0x12345679u);
    }

    [Fact]
    public async Task Data_ForAStreamNeverOpened_IsAnsweredWithInvalidStream()
    {
        using var timeout = TestTimeout.Start();
        await using var session = Session.Start();

        await session.Peer.SendDataAsync(5, [1, 2, 3], fin: false, timeout.Token);
        var reset = await session.Peer.ReadUntilAsync(f => f.Is(SpdyFrameType.RstStream), timeout.Token);

        SpdyFrames.ReadRstStream(reset!.Payload).ShouldBe((5u, SpdyStatusCode.InvalidStream));
        await ReadFramesUntilPingAsync(session, timeout.Token);
        session.Server.Error.ShouldBeNull();
    }

    [Fact]
    public async Task Data_AfterThePeersFin_IsAnsweredWithStreamAlreadyClosed()
    {
        using var timeout = TestTimeout.Start();
        await using var session = Session.Start();
        await session.Peer.SendSynStreamAsync(1, new SpdyHeaders { { "a", "b" } }, SpdyFrames.FlagFin, timeout.Token);
        var stream = (await session.Server.AcceptStreamAsync(timeout.Token))!;

        await session.Peer.SendDataAsync(1, [1], fin: false, timeout.Token);
        var reset = await session.Peer.ReadUntilAsync(f => f.Is(SpdyFrameType.RstStream), timeout.Token);

        SpdyFrames.ReadRstStream(reset!.Payload).ShouldBe((1u, SpdyStatusCode.StreamAlreadyClosed));
        var error = await Should.ThrowAsync<SpdyStreamResetException>(() => stream.Input.ReadOnceAsync(timeout.Token));
        (error.Status, error.ByPeer).ShouldBe((SpdyStatusCode.StreamAlreadyClosed, false));
    }

    [Fact]
    public async Task UnknownControlFrame_IsIgnored()
    {
        using var timeout = TestTimeout.Start();
        await using var session = Session.Start();
        var unknown = new byte[12];
        SpdyFrameHeader.WriteControl(unknown, (SpdyFrameType)0xFF, 0, 4);

        await session.Peer.SendAsync(unknown, timeout.Token);

        await ReadFramesUntilPingAsync(session, timeout.Token);
        session.Server.Error.ShouldBeNull();
    }

    [Fact]
    public async Task GoAway_FromThePeer_StopsNewStreamsAndEndsWithTheTransport()
    {
        using var timeout = TestTimeout.Start();
        await using var session = Session.Start();

        await session.Peer.SendAsync(SpdyFrames.GoAway(0, SpdyGoAwayStatus.Ok), timeout.Token);
        await ReadFramesUntilPingAsync(session, timeout.Token);
        await Should.ThrowAsync<IOException>(async () => await session.Server.OpenStreamAsync(new SpdyHeaders(), cancellationToken: timeout.Token));
        await session.Peer.DisposeAsync();
        await session.Server.Completion.WaitAsync(timeout.Token);

        session.Server.Error.ShouldBeNull();
    }

    public static TheoryData<string> MalformedInputs() =>
    [
        "bad-version", "oversized-control-frame", "oversized-data-frame", "header-block-over-limit", "header-count-lies",
        "zlib-garbage", "stream-id-decreases", "even-stream-id-from-client", "window-update-wrong-length", "settings-count-lies",
        "data-on-stream-zero",
    ];

    [Theory]
    [MemberData(nameof(MalformedInputs))]
    public async Task MalformedInput_EndsTheConnectionWithGoAwayProtocolError(string input)
    {
        using var timeout = TestTimeout.Start();
        await using var session = Session.Start(new SpdyConnectionOptions { MaxHeaderBlockSize = 4096, MaxDataFrameSize = 1024 });

        await session.Peer.SendAsync(MalformedBytes(session.Peer, input), timeout.Token);
        var frames = await session.Peer.ReadToEndAsync(timeout.Token);
        await session.Server.Completion.WaitAsync(timeout.Token);

        var goAway = frames.Last();
        goAway.Is(SpdyFrameType.GoAway).ShouldBeTrue();
        SpdyFrames.ReadGoAway(goAway.Payload).Status.ShouldBe(SpdyGoAwayStatus.ProtocolError);
        session.Server.Error.ShouldBeOfType<SpdyProtocolException>();
        await session.Run.WaitAsync(timeout.Token);
    }

    [Fact]
    public async Task TruncatedFrame_EndsTheConnectionWithAnError()
    {
        using var timeout = TestTimeout.Start();
        await using var session = Session.Start();
        var ping = SpdyFrames.Ping(1);
        await session.Peer.ReadFrameAsync(timeout.Token); // SETTINGS: nothing is left to write to the closed peer

        await session.Peer.SendAsync(ping[..10], timeout.Token);
        await session.Peer.DisposeAsync();
        await session.Server.Completion.WaitAsync(timeout.Token);

        session.Server.Error.ShouldBeOfType<SpdyProtocolException>().Message.ShouldContain("ended inside a control frame");
    }

    [Fact]
    public async Task TruncatedDataFrame_FailsTheStreamReader()
    {
        using var timeout = TestTimeout.Start();
        await using var session = Session.Start();
        await session.Peer.SendSynStreamAsync(1, new SpdyHeaders { { "a", "b" } }, 0, timeout.Token);
        var stream = (await session.Server.AcceptStreamAsync(timeout.Token))!;
        await session.Peer.ReadFrameAsync(timeout.Token); // SETTINGS: nothing is left to write to the closed peer
        var data = SpdyFrames.RentData(1, 0, new byte[100], out _);
        var partial = data.AsSpan(0, 50).ToArray();
        ArrayPool<byte>.Shared.Return(data);

        await session.Peer.SendAsync(partial, timeout.Token);
        await session.Peer.DisposeAsync();
        await session.Server.Completion.WaitAsync(timeout.Token);
        var received = new byte[100];
        var read = await stream.Input.ReadAsync(received, timeout.Token);

        read.ShouldBe(42);
        await Should.ThrowAsync<IOException>(() => stream.Input.ReadOnceAsync(timeout.Token));
        session.Server.Error.ShouldBeOfType<SpdyProtocolException>().Message.ShouldContain("inside a data frame");
    }

    private static byte[] MalformedBytes(RawPeer peer, string input)
    {
        switch (input)
        {
            case "bad-version":
                var ping = SpdyFrames.Ping(1);
                BinaryPrimitives.WriteUInt16BigEndian(ping, 0x8002);
                return ping;
            case "oversized-control-frame":
                var header = new byte[8];
                SpdyFrameHeader.WriteControl(header, SpdyFrameType.SynStream, 0, 1024 * 1024);
                return header;
            case "oversized-data-frame":
                var data = new byte[8];
                SpdyFrameHeader.WriteData(data, 1, 0, 2048);
                return data;
            case "header-block-over-limit":
                return SpdyFrames.SynStream(1, 0, 0, 0, peer.Compress(new SpdyHeaders { { "big", new string('x', 8192) } }));
            case "header-count-lies":
                var block = new byte[4 + 4 + 1 + 4 + 1];
                BinaryPrimitives.WriteUInt32BigEndian(block, 1000);
                return SpdyFrames.SynStream(1, 0, 0, 0, CompressRaw(block));
            case "zlib-garbage":
                return SpdyFrames.SynStream(1, 0, 0, 0, [0x78, 0xbb, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x11, 0x22]);
            case "stream-id-decreases":
                return [.. SpdyFrames.SynStream(3, 0, 0, 0, peer.Compress(new SpdyHeaders { { "a", "b" } })), .. SpdyFrames.SynStream(1, 0, 0, 0, peer.Compress(new SpdyHeaders { { "a", "b" } }))];
            case "even-stream-id-from-client":
                return SpdyFrames.SynStream(2, 0, 0, 0, peer.Compress(new SpdyHeaders { { "a", "b" } }));
            case "window-update-wrong-length":
                var update = SpdyFrames.WindowUpdate(1, 10);
                var shortened = new byte[12];
                SpdyFrameHeader.WriteControl(shortened, SpdyFrameType.WindowUpdate, 0, 4);
                update.AsSpan(8, 4).CopyTo(shortened.AsSpan(8));
                return shortened;
            case "settings-count-lies":
                var settings = SpdyFrames.Settings([new SpdySetting(0, 7, 1)]);
                BinaryPrimitives.WriteUInt32BigEndian(settings.AsSpan(8), 1_000_000);
                return settings;
            case "data-on-stream-zero":
                return new byte[8];
            default:
                throw new ArgumentOutOfRangeException(nameof(input));
        }
    }

    private static byte[] CompressRaw(byte[] plain)
    {
        using var deflater = new ZlibDeflater(SpdyDictionary.Bytes);
        var output = new ArrayBufferWriter<byte>();
        deflater.CompressAndFlush(plain, output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Sends a PING and returns every frame up to its echo (the server handled everything sent before it).</summary>
    private static async Task<List<RawFrame>> ReadFramesUntilPingAsync(Session session, CancellationToken token)
    {
        await session.Peer.SendAsync(SpdyFrames.Ping(0x7777), token);
        var frames = new List<RawFrame>();
        while (await session.Peer.ReadFrameAsync(token) is { } frame)
        {
            frames.Add(frame);
            if (frame.Is(SpdyFrameType.Ping) && SpdyFrames.ReadPing(frame.Payload) == 0x7777)
            {
                return frames;
            }
        }

        throw new EndOfStreamException("the server closed before echoing the ping");
    }

    private sealed class Session : IAsyncDisposable
    {
        private Session(RawPeer peer, SpdyConnection server)
        {
            Peer = peer;
            Server = server;
            Run = server.RunAsync();
        }

        public RawPeer Peer { get; }

        public SpdyConnection Server { get; }

        public Task Run { get; }

        public static Session Start(SpdyConnectionOptions? options = null)
        {
            var (clientEnd, serverEnd) = PipeStream.CreatePair();
            return new Session(new RawPeer(clientEnd), SpdyConnection.Server(serverEnd, options));
        }

        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            await Peer.DisposeAsync();
        }
    }
}
