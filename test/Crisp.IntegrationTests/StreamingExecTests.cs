using Crisp.IntegrationTests.Harness.Pods;
using Crisp.IntegrationTests.Harness.Streaming;
using Shouldly;

namespace Crisp.IntegrationTests;

/// <summary>
/// Exec through the streaming server with clients written from the protocols: SPDY/3.1 (v4.channel.k8s.io) and
/// WebSocket (v5, v4, base64): stdout and stderr kept apart, stdin and its end, the exit status on the error
/// stream, and a terminal resized by the client.
/// </summary>
public sealed class StreamingExecTests
{
    [Fact]
    public async Task Exec_SpdyV4WithoutTty_StdoutStderrAndExitCodeAsStatus()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        var id = await host.RunContainerAsync(pod, ContainerConfigs.Shell(host.Busybox, "sleeper", ContainerConfigs.UntilTerm));
        using var timeout = StreamTimeout.Start();
        var streams = new RemoteCommandOptions(Stdin: false, Stdout: true, Stderr: true, Tty: false);

        await using (var failing = await SpdyRemoteCommandClient.ConnectAsync(await host.ExecUrlAsync(id, streams, "sh", "-c", "echo out; echo err >&2; exit 7"), streams, timeout.Token))
        {
            failing.Protocol.ShouldBe("v4.channel.k8s.io");
            await failing.WaitForEndAsync(TimeSpan.FromSeconds(30), timeout.Token);

            failing.Stdout.Text.ShouldBe("out\n");
            failing.Stderr.Text.ShouldBe("err\n");
            var status = K8sStatus.Parse(failing.Error.Text);
            status.Status.ShouldBe("Failure");
            status.Reason.ShouldBe("NonZeroExitCode");
            status.ExitCode.ShouldBe("7");
        }

        await using (var succeeding = await SpdyRemoteCommandClient.ConnectAsync(await host.ExecUrlAsync(id, streams, "sh", "-c", "echo fine"), streams, timeout.Token))
        {
            await succeeding.WaitForEndAsync(TimeSpan.FromSeconds(30), timeout.Token);

            succeeding.Stdout.Text.ShouldBe("fine\n");
            succeeding.Stderr.Text.ShouldBeEmpty();
            K8sStatus.Parse(succeeding.Error.Text).Status.ShouldBe("Success");
        }

        await RemovePodAsync(host, pod);
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task Exec_SpdyProtocols_NewestOfferedIsChosenOldOnesReportFailuresAsText()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        var id = await host.RunContainerAsync(pod, ContainerConfigs.Shell(host.Busybox, "sleeper", ContainerConfigs.UntilTerm));
        using var timeout = StreamTimeout.Start();
        var streams = new RemoteCommandOptions(Stdin: false, Stdout: true, Stderr: true, Tty: false);
        string[] all = ["v4.channel.k8s.io", "v3.channel.k8s.io", "v2.channel.k8s.io", "channel.k8s.io"];

        await using (var client = await SpdyStreamClient.ConnectAsync(await host.ExecUrlAsync(id, streams, "true"), all, timeout.Token))
        {
            client.Protocol.ShouldBe("v4.channel.k8s.io");
        }

        using (var refused = await RawHttpUpgrade.SpdyAsync(await host.ExecUrlAsync(id, streams, "true"), ["v9.channel.k8s.io"], timeout.Token))
        {
            refused.StatusCode.ShouldBe(403);
        }

        var old = streams with { Protocol = "channel.k8s.io" };
        await using (var client = await SpdyRemoteCommandClient.ConnectAsync(await host.ExecUrlAsync(id, old, "sh", "-c", "echo out; exit 7"), old, timeout.Token))
        {
            await client.WaitForEndAsync(TimeSpan.FromSeconds(30), timeout.Token);

            client.Stdout.Text.ShouldBe("out\n");
            client.Error.Text.ShouldContain("exit status 7");
        }

        await using (var client = await SpdyRemoteCommandClient.ConnectAsync(await host.ExecUrlAsync(id, old, "true"), old, timeout.Token))
        {
            await client.WaitForEndAsync(TimeSpan.FromSeconds(30), timeout.Token);

            client.Error.Text.ShouldBeEmpty("success is silence before v4");
        }

        await RemovePodAsync(host, pod);
        host.ShouldHaveNoLeftovers();
    }

    [Theory]
    [InlineData("v5.channel.k8s.io")]
    [InlineData("v4.channel.k8s.io")]
    [InlineData("base64.channel.k8s.io")]
    public async Task Exec_WebSocketWithStdin_EchoesItAndReportsTheStatus(string protocol)
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        var id = await host.RunContainerAsync(pod, ContainerConfigs.Shell(host.Busybox, "sleeper", ContainerConfigs.UntilTerm));
        using var timeout = StreamTimeout.Start();
        var streams = new RemoteCommandOptions(Stdin: true, Stdout: true, Stderr: true, Tty: false, protocol);
        var canCloseStdin = protocol.StartsWith("v5.", StringComparison.Ordinal);

        // Without v5's close signal there is no end of file on stdin: the command stops after one line.
        string[] command = canCloseStdin ? ["cat"] : ["head", "-n", "1"];
        await using (var client = await WebSocketRemoteCommandClient.ConnectAsync(await host.ExecUrlAsync(id, streams, command), streams, timeout.Token))
        {
            client.Protocol.ShouldBe(protocol);
            await client.SendStdinAsync("hello\n", timeout.Token);
            await client.Stdout.WaitForAsync("hello\n", timeout.Token);
            if (canCloseStdin)
            {
                await client.CloseStdinAsync(timeout.Token);
            }

            await client.WaitForEndAsync(TimeSpan.FromSeconds(30), timeout.Token);

            client.Stdout.Text.ShouldBe("hello\n");
            client.Stderr.Text.ShouldBeEmpty();
            if (protocol == "base64.channel.k8s.io")
            {
                client.Error.Text.ShouldBeEmpty("the old protocols only report failures, as text");
            }
            else
            {
                K8sStatus.Parse(client.Error.Text).Status.ShouldBe("Success");
            }
        }

        await RemovePodAsync(host, pod);
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task Exec_WebSocketNonZeroExit_StatusCarriesTheExitCode()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        var id = await host.RunContainerAsync(pod, ContainerConfigs.Shell(host.Busybox, "sleeper", ContainerConfigs.UntilTerm));
        using var timeout = StreamTimeout.Start();
        var streams = new RemoteCommandOptions(Stdin: false, Stdout: true, Stderr: true, Tty: false, "v5.channel.k8s.io");

        await using (var client = await WebSocketRemoteCommandClient.ConnectAsync(await host.ExecUrlAsync(id, streams, "sh", "-c", "echo out; echo err >&2; exit 3"), streams, timeout.Token))
        {
            await client.WaitForEndAsync(TimeSpan.FromSeconds(30), timeout.Token);

            client.Stdout.Text.ShouldBe("out\n");
            client.Stderr.Text.ShouldBe("err\n");
            var status = K8sStatus.Parse(client.Error.Text);
            status.Status.ShouldBe("Failure");
            status.Reason.ShouldBe("NonZeroExitCode");
            status.ExitCode.ShouldBe("3");
        }

        await RemovePodAsync(host, pod);
        host.ShouldHaveNoLeftovers();
    }

    [Theory]
    [InlineData(StreamTransport.Spdy)]
    [InlineData(StreamTransport.WebSocket)]
    public async Task Exec_TtyResizedByTheClient_SttySeesTheSize(StreamTransport transport)
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        var id = await host.RunContainerAsync(pod, ContainerConfigs.Shell(host.Busybox, "sleeper", ContainerConfigs.UntilTerm));
        using var timeout = StreamTimeout.Start();
        var streams = new RemoteCommandOptions(Stdin: true, Stdout: true, Stderr: false, Tty: true, RemoteCommandOptions.NewestProtocol(transport));

        await using (var client = await RemoteCommandClients.ConnectAsync(transport, await host.ExecUrlAsync(id, streams, "sh", "-c", "sleep 1; stty size"), streams, timeout.Token))
        {
            await client.ResizeAsync(100, 40, timeout.Token);
            await client.WaitForEndAsync(TimeSpan.FromSeconds(30), timeout.Token);

            client.Stdout.Text.ShouldContain("40 100");
            client.Stderr.Text.ShouldBeEmpty("a terminal merges stderr into stdout");
            K8sStatus.Parse(client.Error.Text).Status.ShouldBe("Success");
        }

        await RemovePodAsync(host, pod);
        host.ShouldHaveNoLeftovers();
    }

    [Theory]
    [InlineData(StreamTransport.Spdy)]
    [InlineData(StreamTransport.WebSocket)]
    public async Task Exec_InteractiveShellWithTty_RunsWhatIsTypedAndReportsItsExit(StreamTransport transport)
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        var id = await host.RunContainerAsync(pod, ContainerConfigs.Shell(host.Busybox, "sleeper", ContainerConfigs.UntilTerm));
        using var timeout = StreamTimeout.Start();
        var streams = new RemoteCommandOptions(Stdin: true, Stdout: true, Stderr: false, Tty: true, RemoteCommandOptions.NewestProtocol(transport));

        await using (var client = await RemoteCommandClients.ConnectAsync(transport, await host.ExecUrlAsync(id, streams, "sh"), streams, timeout.Token))
        {
            await client.ResizeAsync(80, 24, timeout.Token);
            await client.SendStdinAsync("echo typed-$((6*7))\r", timeout.Token);
            await client.Stdout.WaitForAsync("typed-42", timeout.Token);
            await client.SendStdinAsync("exit 3\r", timeout.Token);
            await client.WaitForEndAsync(TimeSpan.FromSeconds(30), timeout.Token);

            var status = K8sStatus.Parse(client.Error.Text);
            status.Reason.ShouldBe("NonZeroExitCode");
            status.ExitCode.ShouldBe("3");
        }

        await RemovePodAsync(host, pod);
        host.ShouldHaveNoLeftovers();
    }

    [Theory]
    [InlineData(StreamTransport.Spdy)]
    [InlineData(StreamTransport.WebSocket)]
    public async Task Exec_LargeOutputAndStdin_EveryByteArrives(StreamTransport transport)
    {
        const int Size = 3 * 1024 * 1024;
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        var id = await host.RunContainerAsync(pod, ContainerConfigs.Shell(host.Busybox, "sleeper", ContainerConfigs.UntilTerm));
        using var timeout = StreamTimeout.Start();
        var output = new RemoteCommandOptions(Stdin: false, Stdout: true, Stderr: true, Tty: false, RemoteCommandOptions.NewestProtocol(transport));

        await using (var client = await RemoteCommandClients.ConnectAsync(transport, await host.ExecUrlAsync(id, output, "head", "-c", $"{Size}", "/dev/zero"), output, timeout.Token))
        {
            await client.WaitForEndAsync(TimeSpan.FromSeconds(30), timeout.Token);

            client.Stdout.Bytes.Length.ShouldBe(Size);
            client.Stdout.Bytes.ShouldAllBe(b => b == 0);
            K8sStatus.Parse(client.Error.Text).Status.ShouldBe("Success");
        }

        // And the other way: a megabyte of stdin, counted by wc.
        var input = output with { Stdin = true };
        await using (var client = await RemoteCommandClients.ConnectAsync(transport, await host.ExecUrlAsync(id, input, "wc", "-c"), input, timeout.Token))
        {
            var line = new string('x', 1023) + "\n";
            for (var i = 0; i < 1024; i++)
            {
                await client.SendStdinAsync(line, timeout.Token);
            }

            await client.CloseStdinAsync(timeout.Token);
            await client.WaitForEndAsync(TimeSpan.FromSeconds(30), timeout.Token);

            client.Stdout.Text.Trim().ShouldBe("1048576");
            K8sStatus.Parse(client.Error.Text).Status.ShouldBe("Success");
        }

        await RemovePodAsync(host, pod);
        host.ShouldHaveNoLeftovers();
    }

    [Theory]
    [InlineData(StreamTransport.Spdy)]
    [InlineData(StreamTransport.WebSocket)]
    public async Task Exec_MissingExecutable_FailureStatusNamesIt(StreamTransport transport)
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        var id = await host.RunContainerAsync(pod, ContainerConfigs.Shell(host.Busybox, "sleeper", ContainerConfigs.UntilTerm));
        using var timeout = StreamTimeout.Start();
        var streams = new RemoteCommandOptions(Stdin: false, Stdout: true, Stderr: true, Tty: false, RemoteCommandOptions.NewestProtocol(transport));

        await using (var client = await RemoteCommandClients.ConnectAsync(transport, await host.ExecUrlAsync(id, streams, "no-such-binary"), streams, timeout.Token))
        {
            await client.WaitForEndAsync(TimeSpan.FromSeconds(30), timeout.Token);

            var status = K8sStatus.Parse(client.Error.Text);
            status.Status.ShouldBe("Failure");
            (status.Message + client.Stderr.Text).ShouldContain("no-such-binary");
        }

        (await host.ContainerStatusAsync(id)).State.ShouldBe(Runtime.V1.ContainerState.ContainerRunning);
        await RemovePodAsync(host, pod);
        host.ShouldHaveNoLeftovers();
    }

    internal static async Task RemovePodAsync(PodTestHost host, TestPod pod)
    {
        await host.StopAsync(pod.Id);
        await host.RemoveAsync(pod.Id);
    }
}
