using System.Net;
using Crisp.IntegrationTests.Harness;
using Crisp.IntegrationTests.Harness.Pods;
using Crisp.IntegrationTests.Harness.Registry;
using Crisp.Linux;
using Grpc.Core;
using Runtime.V1;
using Shouldly;

namespace Crisp.IntegrationTests;

/// <summary>
/// CreateContainer, StartContainer, ContainerStatus, ListContainers, ExecSync, StopContainer and RemoveContainer against
/// the real daemon with real conmon, runc and overlay, in pods on a network of the test's own: the seed 004 walkthrough
/// (runp, create, start, inspect, reach the server, stop, rm, stopp, rmp) with busybox httpd in place of redis.
/// </summary>
public sealed class ContainerLifecycleTests
{
    private const string HttpdScript = "mkdir -p /www && echo hello-from-crisp > /www/index.html && echo started && exec httpd -f -p 80 -h /www";

    [Fact]
    public async Task CreateStartStopRemove_SeedWalkthroughWithHttpd_ServesExecsLogsAndLeavesNothing()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var hostPort = Random.Shared.Next(20000, 40000);
        var pod = await host.RunPodAsync(configure: c => c.PortMappings.Add(new PortMapping { ContainerPort = 80, HostPort = hostPort, Protocol = Protocol.Tcp }));
        var ip = IPAddress.Parse((await host.StatusAsync(pod.Id)).Network.Ip);
        var config = ContainerConfigs.Shell(host.Busybox, "podsandbox1-httpd", HttpdScript).WithLabel("tier", "backend");
        config.Annotations["pod"] = "podsandbox1";

        var id = await host.CreateContainerAsync(pod, config);

        id.ShouldMatch("^[0-9a-f]{64}$");
        var created = await host.ContainerStatusAsync(id);
        created.Id.ShouldBe(id);
        created.State.ShouldBe(ContainerState.ContainerCreated);
        created.CreatedAt.ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds() * 1_000_000);
        created.StartedAt.ShouldBe(0);
        created.FinishedAt.ShouldBe(0);
        var rootfs = Path.Combine(host.Files.Root, "overlay-containers", id, "merged");
        MountCalls.IsMountPoint(rootfs).ShouldBeTrue("the container's overlay rootfs is mounted at create");
        File.Exists(Path.Combine(host.Files.RunRoot, "overlay-containers", id, "userdata", "config.json")).ShouldBeTrue("the OCI bundle");
        File.Exists(Path.Combine(host.Files.Root, "containers", id, "state.json")).ShouldBeTrue("the persisted container state");

        await host.StartContainerAsync(id);

        var status = await host.ContainerStatusAsync(id);
        status.State.ShouldBe(ContainerState.ContainerRunning);
        status.Metadata.Name.ShouldBe("podsandbox1-httpd");
        status.Metadata.Attempt.ShouldBe(0u);
        status.StartedAt.ShouldBeGreaterThanOrEqualTo(status.CreatedAt);
        status.FinishedAt.ShouldBe(0);
        status.Image.Image.ShouldBe(host.Busybox);
        new[] { Digests.Hex(host.BusyboxPushed!.Digest), Digests.Hex(TestImages.Busybox.Id) }
            .ShouldContain(hex => status.ImageRef.Contains(hex, StringComparison.Ordinal), $"image_ref \"{status.ImageRef}\" names the image by digest or id");
        status.Labels["tier"].ShouldBe("backend");
        status.Annotations["pod"].ShouldBe("podsandbox1");
        var logPath = PodTestHost.LogPath(pod, config);
        status.LogPath.ShouldBe(logPath);

        var info = await host.ContainerInfoAsync(id);
        var pid = info.GetProperty("pid").GetInt32();
        pid.ShouldBeGreaterThan(0);
        info.GetProperty("sandboxID").GetString().ShouldBe(pod.Id);
        var spec = info.GetProperty("runtimeSpec");
        spec.GetProperty("process").GetProperty("args").EnumerateArray().Select(a => a.GetString()).ShouldBe(["sh", "-c", HttpdScript]);
        spec.GetProperty("root").GetProperty("path").GetString().ShouldBe(rootfs);
        spec.GetProperty("linux").GetProperty("cgroupsPath").GetString().ShouldBe(host.ContainerCgroup(id));
        spec.GetProperty("annotations").EnumerateObject().Select(a => a.Value.GetString())
            .ShouldContain($"k8s_podsandbox1-httpd_nginx-sandbox_default_{pod.Config.Metadata.Uid}_0", "the container's full name");
        File.ReadAllText($"/proc/{pid}/cgroup").ShouldContain(host.ContainerCgroup(id));
        Inode($"/proc/{pid}/ns/net").ShouldBe(Inode(host.PinPath("netns", pod.Id)), "the container joins the pod's network namespace");

        await PodTestHost.WaitForLogLineAsync(logPath, "started");
        (await NetnsHttpServer.GetAsync(ip, 80)).ShouldBe("hello-from-crisp\n");
        (await NetnsHttpServer.GetAsync(IPAddress.Loopback, hostPort)).ShouldBe("hello-from-crisp\n");

        var cat = await host.ExecSyncAsync(id, 10, "cat", "/www/index.html");
        cat.ExitCode.ShouldBe(0);
        cat.Stdout.ToStringUtf8().ShouldBe("hello-from-crisp\n");
        cat.Stderr.ToStringUtf8().ShouldBeEmpty();
        var failing = await host.ExecSyncAsync(id, 10, "sh", "-c", "echo err >&2; exit 4");
        failing.ExitCode.ShouldBe(4);
        failing.Stderr.ToStringUtf8().ShouldBe("err\n");
        failing.Stdout.ToStringUtf8().ShouldBeEmpty();

        (await host.ListContainersAsync()).ShouldHaveSingleItem().Id.ShouldBe(id);
        var listed = (await host.ListContainersAsync(new ContainerFilter { Id = id })).ShouldHaveSingleItem();
        listed.PodSandboxId.ShouldBe(pod.Id);
        listed.State.ShouldBe(ContainerState.ContainerRunning);
        listed.Metadata.Name.ShouldBe("podsandbox1-httpd");
        listed.Labels["tier"].ShouldBe("backend");
        (await host.ListContainersAsync(new ContainerFilter { Id = id[..12] })).ShouldHaveSingleItem().Id.ShouldBe(id);
        (await host.ListContainersAsync(new ContainerFilter { Id = "0000000000000000" })).ShouldBeEmpty();
        (await host.ListContainersAsync(new ContainerFilter { PodSandboxId = pod.Id })).ShouldHaveSingleItem();
        (await host.ListContainersAsync(new ContainerFilter { PodSandboxId = new string('f', 64) })).ShouldBeEmpty();
        (await host.ListContainersAsync(new ContainerFilter { State = new ContainerStateValue { State = ContainerState.ContainerRunning } })).ShouldHaveSingleItem();
        (await host.ListContainersAsync(new ContainerFilter { State = new ContainerStateValue { State = ContainerState.ContainerExited } })).ShouldBeEmpty();
        var byLabel = new ContainerFilter();
        byLabel.LabelSelector["tier"] = "backend";
        (await host.ListContainersAsync(byLabel)).ShouldHaveSingleItem();
        byLabel.LabelSelector["tier"] = "front";
        (await host.ListContainersAsync(byLabel)).ShouldBeEmpty();

        var started = CriLog.Read(logPath).First(l => l.Content == "started");
        started.Stream.ShouldBe("stdout");
        started.Partial.ShouldBeFalse();

        // busybox httpd has no SIGTERM handler, and as PID 1 of the container's PID namespace it does not get the
        // signals it has no handler for: the stop ends in SIGKILL after the timeout (128 + 9).
        await host.StopContainerAsync(id, timeoutSeconds: 2);

        var exited = await host.ContainerStatusAsync(id);
        exited.State.ShouldBe(ContainerState.ContainerExited);
        exited.ExitCode.ShouldBe(137);
        exited.Reason.ShouldBe("Error");
        exited.FinishedAt.ShouldBeGreaterThanOrEqualTo(exited.StartedAt);
        PodLeftovers.IsRunning(pid).ShouldBeFalse("the container's process is gone after StopContainer");
        (await host.ListContainersAsync(new ContainerFilter { State = new ContainerStateValue { State = ContainerState.ContainerExited } }))
            .ShouldHaveSingleItem().Id.ShouldBe(id);
        await host.StopContainerAsync(id);

        await host.RemoveContainerAsync(id);

        (await host.ListContainersAsync()).ShouldBeEmpty();
        var error = await Should.ThrowAsync<RpcException>(() => host.ContainerStatusAsync(id));
        error.StatusCode.ShouldBe(StatusCode.NotFound);
        error.Status.Detail.ShouldContain(id);
        MountCalls.IsMountPoint(rootfs).ShouldBeFalse();
        Directory.Exists(Path.Combine(host.Files.Root, "overlay-containers", id)).ShouldBeFalse();
        Directory.Exists(Path.Combine(host.Files.Root, "containers", id)).ShouldBeFalse();
        TestCgroups.Children(host.CgroupParent).ShouldBeEmpty();
        await host.RemoveContainerAsync(id);

        await host.StopAsync(pod.Id);
        await host.RemoveAsync(pod.Id);
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task StopContainer_ShellTrapsTerm_ExitsZeroCompletedWithinTheTimeout()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        var config = ContainerConfigs.Shell(host.Busybox, "trapper", ContainerConfigs.UntilTerm);
        var id = await host.RunContainerAsync(pod, config);
        var logPath = PodTestHost.LogPath(pod, config);
        await PodTestHost.WaitForLogLineAsync(logPath, "ready");

        // A generous timeout: the container exits on SIGTERM long before it (exit 0, not the SIGKILL's 137).
        await host.StopContainerAsync(id, timeoutSeconds: 60);

        var status = await host.ContainerStatusAsync(id);
        status.State.ShouldBe(ContainerState.ContainerExited);
        status.ExitCode.ShouldBe(0);
        status.Reason.ShouldBe("Completed");
        CriLog.HasLine(logPath, "got-term").ShouldBeTrue("the container got SIGTERM, the default stop signal");

        await host.RemoveAsync(pod.Id);
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task StopContainer_ImageStopSignalUsr1_SentInsteadOfTerm()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var image = TestImageBuilder.From(TestImages.Busybox).WithStopSignal("SIGUSR1").Build();
        var pushed = await host.PushAndPullAsync(image);
        var pod = await host.RunPodAsync();
        var config = ContainerConfigs.Shell(pushed.Reference, "usr1", "trap 'echo got-usr1; exit 0' USR1; trap 'echo got-term; exit 9' TERM; echo ready; while true; do sleep 1 & wait $!; done");
        var id = await host.RunContainerAsync(pod, config);
        var logPath = PodTestHost.LogPath(pod, config);
        await PodTestHost.WaitForLogLineAsync(logPath, "ready");

        await host.StopContainerAsync(id, timeoutSeconds: 60);

        var status = await host.ContainerStatusAsync(id);
        status.ExitCode.ShouldBe(0);
        CriLog.HasLine(logPath, "got-usr1").ShouldBeTrue("the image's StopSignal SIGUSR1 is what StopContainer sends");
        CriLog.HasLine(logPath, "got-term").ShouldBeFalse();

        await host.RemoveAsync(pod.Id);
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task RemoveContainer_Running_StopsAndRemovesIt()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        var id = await host.RunContainerAsync(pod, ContainerConfigs.Command(host.Busybox, "sleeper", "sleep", "3600"));
        var pid = await host.ContainerPidAsync(id);

        await host.RemoveContainerAsync(id);

        (await host.ListContainersAsync()).ShouldBeEmpty();
        PodLeftovers.IsRunning(pid).ShouldBeFalse("RemoveContainer kills a running container");
        (await Should.ThrowAsync<RpcException>(() => host.ContainerStatusAsync(id))).StatusCode.ShouldBe(StatusCode.NotFound);
        (await host.StatusAsync(pod.Id)).State.ShouldBe(PodSandboxState.SandboxReady, "removing a container leaves its pod alone");

        await host.RemoveAsync(pod.Id);
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task RemovePodSandbox_WithRunningContainers_RemovesThemAndLeavesNothing()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        var other = await host.RunPodAsync("other");
        var first = await host.RunContainerAsync(pod, ContainerConfigs.Shell(host.Busybox, "first", ContainerConfigs.UntilTerm));
        var second = await host.RunContainerAsync(pod, ContainerConfigs.Command(host.Busybox, "second", "sleep", "3600"));
        var elsewhere = await host.RunContainerAsync(other, ContainerConfigs.Shell(host.Busybox, "elsewhere", ContainerConfigs.UntilTerm));
        int[] pids = [await host.ContainerPidAsync(first), await host.ContainerPidAsync(second)];

        await host.RemoveAsync(pod.Id);

        (await host.ListContainersAsync()).ShouldHaveSingleItem().Id.ShouldBe(elsewhere);
        pids.ShouldAllBe(p => !PodLeftovers.IsRunning(p), "the pod's container processes are gone");
        (await Should.ThrowAsync<RpcException>(() => host.ContainerStatusAsync(first))).StatusCode.ShouldBe(StatusCode.NotFound);
        (await Should.ThrowAsync<RpcException>(() => host.ContainerStatusAsync(second))).StatusCode.ShouldBe(StatusCode.NotFound);
        (await host.ContainerStatusAsync(elsewhere)).State.ShouldBe(ContainerState.ContainerRunning, "the other pod's container is untouched");

        await host.RemoveAsync(other.Id);
        (await host.ListContainersAsync()).ShouldBeEmpty();
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task CreateContainer_MissingHostPathDirectory_CreatedAsDirectoryAndWritable()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        var hostPath = Path.Combine(host.Files.Directory, "volumes", "made-by-crisp", "data");
        var config = ContainerConfigs.Shell(host.Busybox, "writer", "echo written > /data/file && echo done")
            .WithMount(hostPath, "/data");

        var id = await host.RunContainerAsync(pod, config);

        Directory.Exists(hostPath).ShouldBeTrue("a missing host_path is created as a directory, as CRI-O does");
        var status = await host.WaitForExitAsync(id);
        status.ExitCode.ShouldBe(0, CriLog.Text(CriLog.Read(PodTestHost.LogPath(pod, config)), "stderr"));
        status.Reason.ShouldBe("Completed");
        File.ReadAllText(Path.Combine(hostPath, "file")).ShouldBe("written\n");
        var mount = status.Mounts.ShouldHaveSingleItem();
        mount.ContainerPath.ShouldBe("/data");
        mount.HostPath.ShouldBe(hostPath);

        await host.RemoveAsync(pod.Id);
        host.ShouldHaveNoLeftovers();
    }

    private static string Inode(string path) => HostCommand.Run("stat", "-L", "-c", "%i", path).Trim();
}
