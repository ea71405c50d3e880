using System.Net;
using Crisp.IntegrationTests.Harness;
using Crisp.IntegrationTests.Harness.Pods;
using Crisp.IntegrationTests.Harness.Streaming;
using Grpc.Core;
using Runtime.V1;
using Shouldly;

namespace Crisp.IntegrationTests;

/// <summary>
/// What goes wrong around streaming: tokens used twice or never issued, bad Exec/Attach/PortForward requests, a
/// client that disappears in the middle of an exec, and bytes after the SPDY upgrade that are not SPDY. The daemon
/// keeps serving through all of it and leaves no process behind.
/// </summary>
public sealed class StreamingErrorTests
{
    [Fact]
    public async Task Token_UsedTwiceOrUnknown_NotFound()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        var id = await host.RunContainerAsync(pod, ContainerConfigs.Shell(host.Busybox, "sleeper", ContainerConfigs.UntilTerm));
        using var timeout = StreamTimeout.Start();
        var streams = new RemoteCommandOptions(Stdin: false, Stdout: true, Stderr: false, Tty: false);
        var url = await host.ExecUrlAsync(id, streams, "echo", "once");
        url.ShouldMatch(@"^http://127\.0\.0\.1:\d+/exec/[A-Za-z0-9_-]+$");

        await using (var first = await WebSocketRemoteCommandClient.ConnectAsync(url, streams, timeout.Token))
        {
            await first.WaitForEndAsync(TimeSpan.FromSeconds(30), timeout.Token);
            first.Stdout.Text.ShouldBe("once\n");
        }

        (await WebSocketChannelClient.HandshakeStatusAsync(url, "v4.channel.k8s.io", timeout.Token)).ShouldBe(HttpStatusCode.NotFound);
        using (var spdy = await RawHttpUpgrade.SpdyAsync(url, ["v4.channel.k8s.io"], timeout.Token))
        {
            spdy.StatusCode.ShouldBe(404);
        }

        // A SPDY upgrade takes its token as well.
        var spdyUrl = await host.ExecUrlAsync(id, streams, "echo", "spdy");
        await using (var first = await SpdyRemoteCommandClient.ConnectAsync(spdyUrl, streams, timeout.Token))
        {
            await first.WaitForEndAsync(TimeSpan.FromSeconds(30), timeout.Token);
            first.Stdout.Text.ShouldBe("spdy\n");
        }

        using (var second = await RawHttpUpgrade.SpdyAsync(spdyUrl, ["v4.channel.k8s.io"], timeout.Token))
        {
            second.StatusCode.ShouldBe(404);
        }

        var baseUrl = new Uri(url).GetLeftPart(UriPartial.Authority);
        foreach (var kind in new[] { "exec", "attach", "portforward" })
        {
            (await WebSocketChannelClient.HandshakeStatusAsync($"{baseUrl}/{kind}/no-such-token", "v4.channel.k8s.io", timeout.Token))
                .ShouldBe(HttpStatusCode.NotFound, kind);
            using var spdy = await RawHttpUpgrade.SpdyAsync($"{baseUrl}/{kind}/no-such-token", [kind == "portforward" ? "portforward.k8s.io" : "v4.channel.k8s.io"], timeout.Token);
            spdy.StatusCode.ShouldBe(404, kind);
        }

        // A token of one kind is not good for another.
        var attachUrl = await host.AttachUrlAsync(id, streams);
        (await WebSocketChannelClient.HandshakeStatusAsync(attachUrl.Replace("/attach/", "/exec/", StringComparison.Ordinal), "v4.channel.k8s.io", timeout.Token))
            .ShouldBe(HttpStatusCode.NotFound);

        await StreamingExecTests.RemovePodAsync(host, pod);
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task Rpcs_BadRequests_MapToGrpcStatuses()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        var running = await host.RunContainerAsync(pod, ContainerConfigs.Shell(host.Busybox, "sleeper", ContainerConfigs.UntilTerm));
        var stopped = await host.RunContainerAsync(pod, ContainerConfigs.Shell(host.Busybox, "quick", "exit 0"));
        await host.WaitForExitAsync(stopped);
        var created = await host.CreateContainerAsync(pod, ContainerConfigs.Shell(host.Busybox, "created", "true"));
        var stdout = new RemoteCommandOptions(Stdin: false, Stdout: true, Stderr: false, Tty: false);

        (await Code(() => host.ExecUrlAsync(stopped, stdout, "true"))).ShouldBe(StatusCode.FailedPrecondition);
        (await Code(() => host.ExecUrlAsync(created, stdout, "true"))).ShouldBe(StatusCode.FailedPrecondition);
        (await Code(() => host.AttachUrlAsync(stopped, stdout))).ShouldBe(StatusCode.FailedPrecondition);
        (await Code(() => host.ExecUrlAsync(running, stdout with { Stderr = true, Tty = true }, "true"))).ShouldBe(StatusCode.InvalidArgument);
        (await Code(() => host.AttachUrlAsync(running, stdout with { Stderr = true, Tty = true }))).ShouldBe(StatusCode.InvalidArgument);
        (await Code(() => host.ExecUrlAsync(running, stdout with { Stdout = false }, "true"))).ShouldBe(StatusCode.InvalidArgument);
        (await Code(() => host.AttachUrlAsync(running, stdout with { Stdout = false }))).ShouldBe(StatusCode.InvalidArgument);
        (await Code(() => host.ExecUrlAsync(running, stdout))).ShouldBe(StatusCode.InvalidArgument, "no command");
        (await Code(() => host.ExecUrlAsync(new string('f', 64), stdout, "true"))).ShouldBe(StatusCode.NotFound);
        (await Code(() => host.AttachUrlAsync(new string('f', 64), stdout))).ShouldBe(StatusCode.NotFound);
        (await Code(() => host.PortForwardUrlAsync(new string('f', 64), 80))).ShouldBe(StatusCode.NotFound);
        (await Code(() => host.PortForwardUrlAsync(pod.Id, 70000))).ShouldBe(StatusCode.InvalidArgument);

        // The valid request still gets its URL.
        (await host.ExecUrlAsync(running, stdout, "true")).ShouldContain("/exec/");
        (await host.PortForwardUrlAsync(pod.Id, 80)).ShouldContain("/portforward/");

        await StreamingExecTests.RemovePodAsync(host, pod);
        host.ShouldHaveNoLeftovers();
    }

    [Theory]
    [InlineData(StreamTransport.Spdy, true)]
    [InlineData(StreamTransport.WebSocket, true)]
    [InlineData(StreamTransport.Spdy, false)]
    [InlineData(StreamTransport.WebSocket, false)]
    public async Task Exec_ClientDisconnectsMidExec_ProcessKilledAndDaemonServes(StreamTransport transport, bool abort)
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        var id = await host.RunContainerAsync(pod, ContainerConfigs.Shell(host.Busybox, "sleeper", ContainerConfigs.UntilTerm));
        using var timeout = StreamTimeout.Start();
        var streams = new RemoteCommandOptions(Stdin: true, Stdout: true, Stderr: true, Tty: false, RemoteCommandOptions.NewestProtocol(transport));
        var cgroup = host.ContainerCgroup(id);
        bool Sleeping() => CgroupProcesses.In(cgroup).Any(p => p.CommandLine == "sleep 1000");

        var client = await RemoteCommandClients.ConnectAsync(transport, await host.ExecUrlAsync(id, streams, "sleep", "1000"), streams, timeout.Token);
        try
        {
            await Eventually.TrueAsync(Sleeping, "the exec'd sleep runs in the container");

            if (abort)
            {
                client.Abort();
            }
            else
            {
                await client.CloseAsync(timeout.Token);
            }

            await Eventually.TrueAsync(() => !Sleeping(), $"the exec'd sleep is killed once its client is gone ({(abort ? "connection reset" : "closed")})", TimeSpan.FromSeconds(30));
            await client.WaitForEndAsync(TimeSpan.FromSeconds(10), timeout.Token);
        }
        finally
        {
            await client.DisposeAsync();
        }

        var sync = await host.ExecSyncAsync(id, 10, "echo", "alive");
        sync.ExitCode.ShouldBe(0);
        sync.Stdout.ToStringUtf8().ShouldBe("alive\n");
        var output = new RemoteCommandOptions(Stdin: false, Stdout: true, Stderr: false, Tty: false, streams.Protocol);
        await using (var next = await RemoteCommandClients.ConnectAsync(transport, await host.ExecUrlAsync(id, output, "echo", "next"), output, timeout.Token))
        {
            await next.WaitForEndAsync(TimeSpan.FromSeconds(30), timeout.Token);
            next.Stdout.Text.ShouldBe("next\n");
        }

        CgroupProcesses.In(cgroup).Select(p => p.CommandLine).ShouldNotContain(c => c.StartsWith("sleep 1000", StringComparison.Ordinal));
        var scratch = Path.Combine(host.Files.RunRoot, "exec");
        await Eventually.TrueAsync(() => !Directory.Exists(scratch) || Directory.GetFileSystemEntries(scratch).Length == 0, "every exec's scratch directory is removed");
        await StreamingExecTests.RemovePodAsync(host, pod);
        host.ShouldHaveNoLeftovers();
    }

    public static TheoryData<string, byte[]> Garbage => new()
    {
        { "SPDY version 2", [0x80, 0x02, 0x00, 0x01, 0x00, 0x00, 0x00, 0x0a, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0] },
        { "all ones", [.. Enumerable.Repeat((byte)0xff, 64)] },
        { "SYN_STREAM whose header block is not zlib", [0x80, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x1a, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, .. "not a zlib stream"u8.ToArray()] },
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public async Task Spdy_GarbageAfterUpgrade_ConnectionClosedAndDaemonServes(string what, byte[] garbage)
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        var id = await host.RunContainerAsync(pod, ContainerConfigs.Shell(host.Busybox, "sleeper", ContainerConfigs.UntilTerm));
        using var timeout = StreamTimeout.Start();
        var streams = new RemoteCommandOptions(Stdin: false, Stdout: true, Stderr: false, Tty: false);

        using (var upgrade = await RawHttpUpgrade.SpdyAsync(await host.ExecUrlAsync(id, streams, "sleep", "1000"), ["v4.channel.k8s.io"], timeout.Token))
        {
            upgrade.StatusCode.ShouldBe(101);
            await upgrade.Stream.WriteAsync(garbage, timeout.Token);

            using var bound = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
            bound.CancelAfter(TimeSpan.FromSeconds(15));
            await Should.NotThrowAsync(() => upgrade.ReadToEndAsync(bound.Token), $"the server closes the connection after {what}");
        }

        CgroupProcesses.In(host.ContainerCgroup(id)).Select(p => p.CommandLine).ShouldNotContain("sleep 1000", "the exec never started");
        (await host.ExecSyncAsync(id, 10, "echo", "alive")).Stdout.ToStringUtf8().ShouldBe("alive\n");
        await using (var next = await SpdyRemoteCommandClient.ConnectAsync(await host.ExecUrlAsync(id, streams, "echo", "next"), streams, timeout.Token))
        {
            await next.WaitForEndAsync(TimeSpan.FromSeconds(30), timeout.Token);
            next.Stdout.Text.ShouldBe("next\n");
        }

        await StreamingExecTests.RemovePodAsync(host, pod);
        host.ShouldHaveNoLeftovers();
    }

    private static async Task<StatusCode> Code(Func<Task> call) => (await Should.ThrowAsync<RpcException>(call)).StatusCode;
}
