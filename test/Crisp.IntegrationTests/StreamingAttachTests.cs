using Crisp.IntegrationTests.Harness;
using Crisp.IntegrationTests.Harness.Pods;
using Crisp.IntegrationTests.Harness.Streaming;
using Runtime.V1;
using Shouldly;

namespace Crisp.IntegrationTests;

/// <summary>
/// Attach through the streaming server over SPDY and WebSocket: the main process's output reaches the client, and
/// the client's stdin reaches a container created with stdin (and, with stdin_once, its end closes it).
/// </summary>
public sealed class StreamingAttachTests
{
    private const string Ticker = "while true; do echo tick; sleep 0.2; done";

    [Theory]
    [InlineData(StreamTransport.Spdy)]
    [InlineData(StreamTransport.WebSocket)]
    public async Task Attach_RunningContainer_SeesItsOutputAndLeavesItRunning(StreamTransport transport)
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        var id = await host.RunContainerAsync(pod, ContainerConfigs.Shell(host.Busybox, "ticker", Ticker));
        using var timeout = StreamTimeout.Start();
        var streams = new RemoteCommandOptions(Stdin: false, Stdout: true, Stderr: true, Tty: false);

        await using (var client = await RemoteCommandClients.ConnectAsync(transport, await host.AttachUrlAsync(id, streams), streams, timeout.Token))
        {
            await client.Stdout.WaitForAsync("tick\n", timeout.Token);

            // The client leaves while the container goes on: the server ends the session (a WebSocket close is answered).
            await client.CloseAsync(timeout.Token);
            await client.WaitForEndAsync(TimeSpan.FromSeconds(5), timeout.Token);
        }

        // A second attach after the first client left works too, and the container never noticed.
        await using (var again = await RemoteCommandClients.ConnectAsync(transport, await host.AttachUrlAsync(id, streams), streams, timeout.Token))
        {
            await again.Stdout.WaitForAsync("tick\n", timeout.Token);
        }

        (await host.ContainerStatusAsync(id)).State.ShouldBe(ContainerState.ContainerRunning);
        await StreamingExecTests.RemovePodAsync(host, pod);
        host.ShouldHaveNoLeftovers();
    }

    [Theory]
    [InlineData(StreamTransport.Spdy, "v4.channel.k8s.io")]
    [InlineData(StreamTransport.WebSocket, "v5.channel.k8s.io")]
    public async Task Attach_WithStdinToCat_EchoesAndStdinOnceEndsIt(StreamTransport transport, string protocol)
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        var config = ContainerConfigs.Command(host.Busybox, "cat", "cat");
        config.Stdin = true;
        config.StdinOnce = true;
        var id = await host.RunContainerAsync(pod, config);
        using var timeout = StreamTimeout.Start();
        var streams = new RemoteCommandOptions(Stdin: true, Stdout: true, Stderr: true, Tty: false, protocol);

        await using (var client = await RemoteCommandClients.ConnectAsync(transport, await host.AttachUrlAsync(id, streams), streams, timeout.Token))
        {
            await client.SendStdinAsync("ping\n", timeout.Token);
            await client.Stdout.WaitForAsync("ping\n", timeout.Token);
            await client.SendStdinAsync("pong\n", timeout.Token);
            await client.Stdout.WaitForAsync("pong\n", timeout.Token);

            await client.CloseStdinAsync(timeout.Token);

            var exited = await host.WaitForExitAsync(id, TimeSpan.FromSeconds(30));
            exited.ExitCode.ShouldBe(0, "stdin_once: the end of the attached client's stdin is cat's end of file");
            await client.WaitForEndAsync(TimeSpan.FromSeconds(30), timeout.Token);
            client.Stdout.Text.ShouldBe("ping\npong\n");
        }

        await StreamingExecTests.RemovePodAsync(host, pod);
        host.ShouldHaveNoLeftovers();
    }

    [Theory]
    [InlineData(StreamTransport.Spdy, "v4.channel.k8s.io")]
    [InlineData(StreamTransport.WebSocket, "v5.channel.k8s.io")]
    public async Task Attach_TtyContainerResizedByTheClient_ShellSeesTheSize(StreamTransport transport, string protocol)
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        var config = ContainerConfigs.Command(host.Busybox, "shell", "sh");
        config.Tty = true;
        config.Stdin = true;
        var id = await host.RunContainerAsync(pod, config);
        using var timeout = StreamTimeout.Start();
        var streams = new RemoteCommandOptions(Stdin: true, Stdout: true, Stderr: false, Tty: true, protocol);

        await using (var client = await RemoteCommandClients.ConnectAsync(transport, await host.AttachUrlAsync(id, streams), streams, timeout.Token))
        {
            await client.ResizeAsync(100, 40, timeout.Token);
            await client.SendStdinAsync("sleep 1; stty size\r", timeout.Token);

            await client.Stdout.WaitForAsync("40 100", timeout.Token);
        }

        (await host.ContainerStatusAsync(id)).State.ShouldBe(ContainerState.ContainerRunning, "leaving an attach does not end the container");
        await StreamingExecTests.RemovePodAsync(host, pod);
        host.ShouldHaveNoLeftovers();
    }
}
