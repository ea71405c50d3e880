using Crisp.IntegrationTests.Harness;
using Crisp.IntegrationTests.Harness.Pods;
using Runtime.V1;
using Shouldly;

namespace Crisp.IntegrationTests;

/// <summary>
/// Containers outlive the daemon (conmon monitors them): a daemon killed with SIGKILL and started again finds them
/// running with the same pid, or exited with the code they exited with meanwhile. And StopPodSandbox stops a pod's containers.
/// </summary>
public sealed class ContainerRestoreTests
{
    [Fact]
    public async Task DaemonKilled_RunningContainerStillRunningWithSamePid_ExecAndStopWork()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        var config = ContainerConfigs.Shell(host.Busybox, "survivor", ContainerConfigs.UntilTerm);
        var id = await host.RunContainerAsync(pod, config);
        var pid = await host.ContainerPidAsync(id);
        var startedAt = (await host.ContainerStatusAsync(id)).StartedAt;

        await host.RestartAsync(kill: true);

        (await host.StatusAsync(pod.Id)).State.ShouldBe(PodSandboxState.SandboxReady);
        var listed = (await host.ListContainersAsync()).ShouldHaveSingleItem();
        listed.Id.ShouldBe(id);
        listed.State.ShouldBe(ContainerState.ContainerRunning);
        var status = await host.ContainerStatusAsync(id);
        status.State.ShouldBe(ContainerState.ContainerRunning);
        status.StartedAt.ShouldBe(startedAt);
        (await host.ContainerPidAsync(id)).ShouldBe(pid);
        PodLeftovers.IsRunning(pid).ShouldBeTrue("the container kept running while the daemon was down");
        var exec = await host.ExecSyncAsync(id, 10, "echo", "still-here");
        exec.Stdout.ToStringUtf8().ShouldBe("still-here\n");

        await host.StopContainerAsync(id, timeoutSeconds: 30);

        var stopped = await host.ContainerStatusAsync(id);
        stopped.State.ShouldBe(ContainerState.ContainerExited);
        stopped.ExitCode.ShouldBe(0);
        stopped.Reason.ShouldBe("Completed");
        PodLeftovers.IsRunning(pid).ShouldBeFalse();
        CriLog.HasLine(PodTestHost.LogPath(pod, config), "got-term").ShouldBeTrue("conmon kept logging across the restart");

        await host.RemoveContainerAsync(id);
        await host.StopAsync(pod.Id);
        await host.RemoveAsync(pod.Id);
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task DaemonKilled_ContainerExitsWhileDown_ReportedExitedWithItsCodeAfterRestart()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        var id = await host.RunContainerAsync(pod, ContainerConfigs.Shell(host.Busybox, "short-lived", "sleep 2; exit 5"));
        var pid = await host.ContainerPidAsync(id);
        (await host.ContainerStatusAsync(id)).State.ShouldBe(ContainerState.ContainerRunning);

        await host.RestartAsync(kill: true, whileDown: async () =>
        {
            await Eventually.TrueAsync(() => !PodLeftovers.IsRunning(pid), "the container exits while the daemon is down");

            // conmon records the exit code and then exits itself (its command line names the container id).
            await Eventually.TrueAsync(
                () => !PodLeftovers.Processes(host.Files.Directory, host.Daemon.Pid).Any(p => p.CommandLine.Contains(id, StringComparison.Ordinal)),
                "conmon has recorded the exit and is gone");
        });

        var status = await host.ContainerStatusAsync(id);
        status.State.ShouldBe(ContainerState.ContainerExited);
        status.ExitCode.ShouldBe(5);
        status.Reason.ShouldBe("Error");
        status.FinishedAt.ShouldBeGreaterThanOrEqualTo(status.StartedAt);
        (await host.StatusAsync(pod.Id)).State.ShouldBe(PodSandboxState.SandboxReady, "a container's exit does not make a pod without infra container not ready");

        await host.RemoveContainerAsync(id);
        await host.RemoveAsync(pod.Id);
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task StopPodSandbox_RunningContainers_StoppedAndTheirProcessesGone()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        var first = await host.RunContainerAsync(pod, ContainerConfigs.Shell(host.Busybox, "first", ContainerConfigs.UntilTerm));
        var second = await host.RunContainerAsync(pod, ContainerConfigs.Shell(host.Busybox, "second", ContainerConfigs.UntilTerm));
        var created = await host.CreateContainerAsync(pod, ContainerConfigs.Shell(host.Busybox, "never-started", ContainerConfigs.UntilTerm));
        int[] pids = [await host.ContainerPidAsync(first), await host.ContainerPidAsync(second)];

        await host.StopAsync(pod.Id);

        (await host.StatusAsync(pod.Id)).State.ShouldBe(PodSandboxState.SandboxNotready);
        foreach (var id in new[] { first, second })
        {
            var status = await host.ContainerStatusAsync(id);
            status.State.ShouldBe(ContainerState.ContainerExited, id);
        }

        (await host.ContainerStatusAsync(created)).State.ShouldBeOneOf(ContainerState.ContainerCreated, ContainerState.ContainerExited);
        pids.ShouldAllBe(p => !PodLeftovers.IsRunning(p), "StopPodSandbox stops the pod's containers");
        (await host.ListContainersAsync(new ContainerFilter { State = new ContainerStateValue { State = ContainerState.ContainerRunning } })).ShouldBeEmpty();

        await host.RemoveAsync(pod.Id);

        (await host.ListContainersAsync()).ShouldBeEmpty();
        host.ShouldHaveNoLeftovers();
    }
}
