using System.Net.WebSockets;
using System.Text;
using Crisp.IntegrationTests.Harness;
using Crisp.IntegrationTests.Harness.Pods;
using Crisp.IntegrationTests.Harness.Streaming;
using Shouldly;

namespace Crisp.IntegrationTests;

/// <summary>
/// PortForward through the streaming server into the pod's network namespace: busybox httpd on 8080 in a container
/// is reached over SPDY (portforward.k8s.io) and over a WebSocket (?port=, channels 2i/2i+1 with the port prefix);
/// a port nobody listens on gets a message on the error stream.
/// </summary>
public sealed class StreamingPortForwardTests
{
    private const string Httpd = "mkdir -p /www && echo pf-ok > /www/index.html && exec httpd -f -p 8080 -h /www";
    private const string Request = "GET / HTTP/1.0\r\n\r\n";

    [Fact]
    public async Task PortForward_Spdy_ReachesHttpdAndReportsAClosedPort()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await StartHttpdAsync(host);
        using var timeout = StreamTimeout.Start();

        await using (var client = await SpdyPortForwardClient.ConnectAsync(await host.PortForwardUrlAsync(pod.Id, 8080), timeout.Token))
        {
            var served = await client.ForwardAsync(8080, timeout.Token);
            await served.SendAsync(Request, timeout.Token);

            var response = await served.Received.ReadToEndAsync(timeout.Token);
            response.ShouldStartWith("HTTP/1.");
            response.ShouldContain("pf-ok");
            (await served.Error.ReadToEndAsync(timeout.Token)).ShouldBeEmpty();

            // A second connection on the same session, to a port nobody listens on.
            var refused = await client.ForwardAsync(8081, timeout.Token);
            var error = await refused.Error.ReadToEndAsync(timeout.Token);
            error.ShouldContain("8081");
            await refused.Received.ReadToEndAsync(timeout.Token);
            refused.Received.Text.ShouldBeEmpty();

            // And the session still forwards.
            var again = await client.ForwardAsync(8080, timeout.Token);
            await again.SendAsync(Request, timeout.Token);
            (await again.Received.ReadToEndAsync(timeout.Token)).ShouldContain("pf-ok");
        }

        await StreamingExecTests.RemovePodAsync(host, pod);
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task PortForward_WebSocket_ReachesHttpdAndReportsAClosedPort()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await StartHttpdAsync(host);
        using var timeout = StreamTimeout.Start();

        // Without ?port= the ports of the PortForward request are forwarded.
        await using (var client = await WebSocketChannelClient.ConnectAsync(await host.PortForwardUrlAsync(pod.Id, 8080), "v4.channel.k8s.io", timeout.Token))
        {
            await Eventually.TrueAsync(() => client.Channel(0).Bytes.Length >= 2 && client.Channel(1).Bytes.Length >= 2, "both channels start with the port");
            WebSocketPortForwardChannels.Port(client.Channel(0)).ShouldBe(8080);
            WebSocketPortForwardChannels.Port(client.Channel(1)).ShouldBe(8080);

            await client.SendAsync(0, Encoding.ASCII.GetBytes(Request), timeout.Token);

            await client.Channel(0).WaitForAsync("pf-ok", timeout.Token);
            WebSocketPortForwardChannels.Payload(client.Channel(0)).ShouldStartWith("HTTP/1.");
            WebSocketPortForwardChannels.Payload(client.Channel(1)).ShouldBeEmpty();
        }

        await using (var refused = await WebSocketChannelClient.ConnectAsync(await host.PortForwardUrlAsync(pod.Id) + "?port=8081", "v4.channel.k8s.io", timeout.Token))
        {
            await refused.Channel(1).ReadToEndAsync(timeout.Token);
            WebSocketPortForwardChannels.Port(refused.Channel(1)).ShouldBe(8081);
            WebSocketPortForwardChannels.Payload(refused.Channel(1)).ShouldContain("8081");
        }

        // A client that leaves while the connection into the pod is open: the server answers its close and lets go.
        await using (var leaving = await WebSocketChannelClient.ConnectAsync(await host.PortForwardUrlAsync(pod.Id) + "?port=8080", "v4.channel.k8s.io", timeout.Token))
        {
            await Eventually.TrueAsync(() => leaving.Channel(1).Bytes.Length >= 2, "the error channel starts with the port");
            await leaving.CloseAsync(timeout.Token);

            await leaving.Closed.WaitAsync(TimeSpan.FromSeconds(5), timeout.Token);
            leaving.CloseStatus.ShouldBe(WebSocketCloseStatus.NormalClosure);
        }

        await StreamingExecTests.RemovePodAsync(host, pod);
        host.ShouldHaveNoLeftovers();
    }

    /// <summary>A pod with httpd serving "pf-ok" on 8080, once it answers (from inside the container).</summary>
    private static async Task<TestPod> StartHttpdAsync(PodTestHost host)
    {
        var pod = await host.RunPodAsync();
        var id = await host.RunContainerAsync(pod, ContainerConfigs.Shell(host.Busybox, "httpd", Httpd));
        await Eventually.TrueAsync(
            async () => (await host.ExecSyncAsync(id, 10, "wget", "-q", "-O", "-", "http://127.0.0.1:8080/")).Stdout.ToStringUtf8() == "pf-ok\n",
            "httpd serves on 8080",
            TimeSpan.FromSeconds(30));
        return pod;
    }
}
