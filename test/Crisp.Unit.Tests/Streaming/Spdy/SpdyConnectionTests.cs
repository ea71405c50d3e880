using System.Security.Cryptography;
using System.Text;
using Crisp.Cri.Streaming.Spdy;
using Shouldly;

namespace Crisp.Unit.Tests.Streaming.Spdy;

public sealed class SpdyConnectionTests
{
    [Fact]
    public async Task OpenStream_ServerAcceptsAndReplies_ClientGetsTheReply()
    {
        using var timeout = TestTimeout.Start();
        await using var pair = SpdyPair.Start();

        var client = await pair.Client.OpenStreamAsync(new SpdyHeaders { { "streamType", "error" }, { "requestid", "0" } }, cancellationToken: timeout.Token);
        var server = await pair.Server.AcceptStreamAsync(timeout.Token);
        server.ShouldNotBeNull();
        await server.ReplyAsync(new SpdyHeaders { { "x-reply", "yes" } }, cancellationToken: timeout.Token);
        var reply = await client.WaitForReplyAsync(timeout.Token);
        var second = await pair.Client.OpenStreamAsync(new SpdyHeaders { { "streamtype", "stdout" } }, cancellationToken: timeout.Token);

        (client.Id, second.Id).ShouldBe((1u, 3u));
        client.IsLocallyInitiated.ShouldBeTrue();
        server.IsLocallyInitiated.ShouldBeFalse();
        server.Id.ShouldBe(1u);
        server.Headers["streamtype"].ShouldBe("error");
        server.Headers["requestid"].ShouldBe("0");
        reply["x-reply"].ShouldBe("yes");
        client.ReplyHeaders.ShouldBeSameAs(reply);
    }

    [Fact]
    public async Task Data_HalfCloseEachWay_ReadsEndAtFinAndStreamsComplete()
    {
        using var timeout = TestTimeout.Start();
        await using var pair = SpdyPair.Start();
        var (client, server) = await pair.OpenAsync(new SpdyHeaders { { "streamtype", "stdin" } }, timeout.Token);

        await client.WriteAsync("hello"u8.ToArray(), timeout.Token);
        await client.CloseWriteAsync(timeout.Token);
        var received = await ReadAllAsync(server.Input, timeout.Token);
        await server.WriteAsync("world"u8.ToArray(), timeout.Token);
        await server.CloseWriteAsync(timeout.Token);
        var answered = await ReadAllAsync(client.Input, timeout.Token);
        await client.Completion.WaitAsync(timeout.Token);
        await server.Completion.WaitAsync(timeout.Token);

        Encoding.ASCII.GetString(received).ShouldBe("hello");
        Encoding.ASCII.GetString(answered).ShouldBe("world");
        (client.IsLocalClosed, client.IsRemoteClosed, client.Failure).ShouldBe((true, true, null));
        await Should.ThrowAsync<InvalidOperationException>(async () => await client.WriteAsync(new byte[1], timeout.Token));
        await client.CloseWriteAsync(timeout.Token); // idempotent
    }

    [Fact]
    public async Task WriteAsync_TenMegabytesThroughSmallWindows_BlocksUntilTheReaderReadsThenArrivesIntact()
    {
        using var timeout = TestTimeout.Start(60);
        const int Window = 16 * 1024;
        await using var pair = SpdyPair.Start(
            client: new SpdyConnectionOptions { SendFlowControl = SpdySendFlowControl.Enforce, SendDataFrameSize = 4096 },
            server: new SpdyConnectionOptions { InitialWindowSize = Window, EnforceReceiveWindows = true });
        await pair.Client.PingAsync(timeout.Token); // the server's SETTINGS (its first frame) has now been applied
        var (client, server) = await pair.OpenAsync(new SpdyHeaders { { "streamtype", "stdin" } }, timeout.Token);
        var payload = new byte[10 * 1024 * 1024];
        new Random(42).NextBytes(payload);

        var writing = client.WriteAsync(payload, timeout.Token).AsTask();
        await TestTimeout.UntilAsync(() => server.InputBuffer.Buffered == Window, timeout.Token);
        await pair.Client.PingAsync(timeout.Token); // everything the client sent before the ping has been read by the server
        var stalled = (writing.IsCompleted, server.InputBuffer.Buffered, client.SendWindow);

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[7000];
        long total = 0;
        while (total < payload.Length)
        {
            var read = await server.Input.ReadAsync(buffer, timeout.Token);
            read.ShouldBeGreaterThan(0);
            hash.AppendData(buffer, 0, read);
            total += read;
        }

        await writing;
        await client.CloseWriteAsync(timeout.Token);
        (await server.Input.ReadAsync(buffer, timeout.Token)).ShouldBe(0);

        stalled.ShouldBe((false, (long)Window, 0L));
        hash.GetHashAndReset().ShouldBe(SHA256.HashData(payload));
        server.Failure.ShouldBeNull();
        pair.Server.Error.ShouldBeNull();
    }

    [Fact]
    public async Task Reset_ByClient_ServerReadsAndWritesThrowTheReset()
    {
        using var timeout = TestTimeout.Start();
        await using var pair = SpdyPair.Start();
        var (client, server) = await pair.OpenAsync(new SpdyHeaders { { "streamtype", "stdout" } }, timeout.Token);

        client.Reset(SpdyStatusCode.Cancel);
        var readError = await Should.ThrowAsync<SpdyStreamResetException>(() => server.Input.ReadOnceAsync(timeout.Token));
        var writeError = await Should.ThrowAsync<SpdyStreamResetException>(async () => await server.WriteAsync(new byte[10], timeout.Token));
        await server.Completion.WaitAsync(timeout.Token);

        (readError.Status, readError.ByPeer, readError.StreamId).ShouldBe((SpdyStatusCode.Cancel, true, 1u));
        writeError.Status.ShouldBe(SpdyStatusCode.Cancel);
        await Should.ThrowAsync<SpdyStreamResetException>(() => client.Input.ReadOnceAsync(timeout.Token));
        pair.Server.Error.ShouldBeNull();
    }

    [Fact]
    public async Task Reset_ByServer_WakesAClientWriterWaitingForWindow()
    {
        using var timeout = TestTimeout.Start();
        await using var pair = SpdyPair.Start(
            client: new SpdyConnectionOptions { SendFlowControl = SpdySendFlowControl.Enforce },
            server: new SpdyConnectionOptions { InitialWindowSize = 1024 });
        await pair.Client.PingAsync(timeout.Token);
        var (client, server) = await pair.OpenAsync(new SpdyHeaders { { "streamtype", "stdin" } }, timeout.Token);
        var writing = client.WriteAsync(new byte[100_000], timeout.Token).AsTask();
        await TestTimeout.UntilAsync(() => server.InputBuffer.Buffered == 1024, timeout.Token);

        server.Reset(SpdyStatusCode.RefusedStream);

        var error = await Should.ThrowAsync<SpdyStreamResetException>(writing);
        (error.Status, error.ByPeer).ShouldBe((SpdyStatusCode.RefusedStream, true));
    }

    [Fact]
    public async Task PingAsync_EitherSide_IsEchoed()
    {
        using var timeout = TestTimeout.Start();
        await using var pair = SpdyPair.Start();

        await pair.Client.PingAsync(timeout.Token);
        await pair.Server.PingAsync(timeout.Token);
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => pair.Client.PingAsync(timeout.Token)));
    }

    [Fact]
    public async Task ReplyAsync_WithFin_RejectsTheStreamCleanly()
    {
        using var timeout = TestTimeout.Start();
        await using var pair = SpdyPair.Start();
        var client = await pair.Client.OpenStreamAsync(new SpdyHeaders { { "streamtype", "bogus" } }, fin: true, cancellationToken: timeout.Token);
        var server = (await pair.Server.AcceptStreamAsync(timeout.Token))!;

        await server.ReplyAsync(fin: true, cancellationToken: timeout.Token);
        await client.WaitForReplyAsync(timeout.Token);

        (await client.Input.ReadOnceAsync(timeout.Token)).ShouldBe(0);
        (await server.Input.ReadOnceAsync(timeout.Token)).ShouldBe(0);
        await client.Completion.WaitAsync(timeout.Token);
        await server.Completion.WaitAsync(timeout.Token);
    }

    [Fact]
    public async Task OpenStream_BeyondTheServersLimit_IsRefused()
    {
        using var timeout = TestTimeout.Start();
        await using var pair = SpdyPair.Start(server: new SpdyConnectionOptions { MaxConcurrentStreams = 1 });
        var first = await pair.Client.OpenStreamAsync(new SpdyHeaders { { "n", "1" } }, cancellationToken: timeout.Token);
        var second = await pair.Client.OpenStreamAsync(new SpdyHeaders { { "n", "2" } }, cancellationToken: timeout.Token);

        var error = await Should.ThrowAsync<SpdyStreamResetException>(() => second.WaitForReplyAsync(timeout.Token));

        error.Status.ShouldBe(SpdyStatusCode.RefusedStream);
        (await pair.Server.AcceptStreamAsync(timeout.Token))!.Id.ShouldBe(first.Id);
    }

    [Fact]
    public async Task DisposeAsync_Server_EndsBothSidesAndFailsOpenStreams()
    {
        using var timeout = TestTimeout.Start();
        var pair = SpdyPair.Start();
        var (client, server) = await pair.OpenAsync(new SpdyHeaders { { "streamtype", "stdout" } }, timeout.Token);
        await client.WriteAsync("unread"u8.ToArray(), timeout.Token);

        await pair.Server.DisposeAsync();
        await pair.Client.Completion.WaitAsync(timeout.Token);

        pair.ServerRun.IsCompletedSuccessfully.ShouldBeTrue();
        await pair.ClientRun.WaitAsync(timeout.Token);
        (pair.Client.Error, pair.Server.Error).ShouldBe((null, null));
        await Should.ThrowAsync<IOException>(() => client.Input.ReadOnceAsync(timeout.Token));
        await Should.ThrowAsync<IOException>(async () => await client.WriteAsync(new byte[1], timeout.Token));
        await Should.ThrowAsync<IOException>(async () => await pair.Client.OpenStreamAsync(new SpdyHeaders(), cancellationToken: timeout.Token));
        (await pair.Server.AcceptStreamAsync(timeout.Token)).ShouldBeNull();
        await client.Completion.WaitAsync(timeout.Token);
        await server.Completion.WaitAsync(timeout.Token);
        await pair.DisposeAsync();
    }

    [Fact]
    public async Task RunAsync_Cancelled_ClosesTheConnectionWithGoAway()
    {
        using var timeout = TestTimeout.Start();
        var (clientEnd, serverEnd) = PipeStream.CreatePair();
        await using var peer = new RawPeer(clientEnd);
        await using var server = SpdyConnection.Server(serverEnd);
        using var stop = new CancellationTokenSource();
        var run = server.RunAsync(stop.Token);

        stop.Cancel();
        await run.WaitAsync(timeout.Token);
        var frames = await peer.ReadToEndAsync(timeout.Token);

        frames.Select(f => f.Header.Type).ShouldBe([SpdyFrameType.Settings, SpdyFrameType.GoAway]);
        SpdyFrames.ReadGoAway(frames[1].Payload).ShouldBe((0u, SpdyGoAwayStatus.Ok));
        server.Completion.IsCompleted.ShouldBeTrue();
    }

    [Fact]
    public async Task DisposeAsync_NeverRun_ReleasesEverything()
    {
        var (_, serverEnd) = PipeStream.CreatePair();
        var server = SpdyConnection.Server(serverEnd);

        await server.DisposeAsync();

        server.Completion.IsCompletedSuccessfully.ShouldBeTrue();
        Should.Throw<ObjectDisposedException>(() => server.RunAsync());
    }

    private static async Task<byte[]> ReadAllAsync(Stream input, CancellationToken token)
    {
        using var collected = new MemoryStream();
        await input.CopyToAsync(collected, token);
        return collected.ToArray();
    }
}
