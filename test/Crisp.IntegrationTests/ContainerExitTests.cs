using Crisp.IntegrationTests.Harness.Pods;
using Runtime.V1;
using Shouldly;

namespace Crisp.IntegrationTests;

/// <summary>
/// How containers end, as ContainerStatus reports it (exit code, reason, finish time), and what conmon makes of their
/// output in the CRI log file.
/// </summary>
public sealed class ContainerExitTests
{
    [Fact]
    public async Task ContainerStatus_ExitCode3_ExitedWithReasonErrorAndFinishedAt()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        var config = ContainerConfigs.Shell(host.Busybox, "three", "echo bye; exit 3");

        var id = await host.RunContainerAsync(pod, config);

        var status = await host.WaitForExitAsync(id);
        status.ExitCode.ShouldBe(3);
        status.Reason.ShouldBe("Error");
        status.StartedAt.ShouldBeGreaterThan(0);
        status.FinishedAt.ShouldBeGreaterThanOrEqualTo(status.StartedAt);
        status.FinishedAt.ShouldBeLessThanOrEqualTo(DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds() * 1_000_000);
        CriLog.HasLine(PodTestHost.LogPath(pod, config), "bye").ShouldBeTrue();
        (await host.ListContainersAsync(new ContainerFilter { State = new ContainerStateValue { State = ContainerState.ContainerExited } }))
            .ShouldHaveSingleItem().Id.ShouldBe(id);

        await host.RemoveContainerAsync(id);
        await host.RemoveAsync(pod.Id);
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task ContainerStatus_Exit0_ReasonCompleted()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();

        var id = await host.RunContainerAsync(pod, ContainerConfigs.Command(host.Busybox, "true", "true"));

        var status = await host.WaitForExitAsync(id);
        status.ExitCode.ShouldBe(0);
        status.Reason.ShouldBe("Completed");
        status.FinishedAt.ShouldBeGreaterThanOrEqualTo(status.StartedAt);

        await host.RemoveAsync(pod.Id);
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task ContainerStatus_MemoryLimitExceeded_ReasonOomKilled()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        const long limit = 32L * 1024 * 1024;

        // tail buffers the one endless line of /dev/zero until the memory cgroup's OOM killer ends it (checked on
        // this host: a cgroup v1 memory limit of 32 MiB, no swap, exit 137 and memory.oom_control oom_kill 1).
        var id = await host.RunContainerAsync(pod, ContainerConfigs.Command(host.Busybox, "eater", "tail", "/dev/zero").WithResources(memoryLimitInBytes: limit));

        var status = await host.WaitForExitAsync(id);
        status.Reason.ShouldBe("OOMKilled");
        status.ExitCode.ShouldBe(137);
        var spec = (await host.ContainerInfoAsync(id)).GetProperty("runtimeSpec");
        spec.GetProperty("linux").GetProperty("resources").GetProperty("memory").GetProperty("limit").GetInt64().ShouldBe(limit);

        await host.RemoveAsync(pod.Id);
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task Log_100KiBWithoutNewline_PartialLinesThatJoinToExactlyTheOutput()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        var config = ContainerConfigs.Shell(host.Busybox, "long-line", "head -c 102400 /dev/zero | tr '\\0' x");

        var id = await host.RunContainerAsync(pod, config);

        (await host.WaitForExitAsync(id)).ExitCode.ShouldBe(0);
        var lines = CriLog.Read(PodTestHost.LogPath(pod, config));
        lines.ShouldNotBeEmpty();
        lines.ShouldAllBe(l => l.Stream == "stdout");
        lines.ShouldContain(l => l.Partial, "a line longer than conmon's buffer is written in P (partial) pieces");
        var text = string.Concat(lines.Select(l => l.Content));
        text.Length.ShouldBe(102400);
        text.ShouldAllBe(c => c == 'x');

        await host.RemoveAsync(pod.Id);
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task Log_StdoutAndStderrLines_TaggedWithTheirStreamAndFull()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        var config = ContainerConfigs.Shell(host.Busybox, "streams", "echo out-1; echo err-1 >&2; echo; echo out-2");

        var id = await host.RunContainerAsync(pod, config);

        (await host.WaitForExitAsync(id)).ExitCode.ShouldBe(0);
        var lines = CriLog.Read(PodTestHost.LogPath(pod, config));
        CriLog.Text(lines, "stdout").ShouldBe("out-1\n\nout-2\n");
        CriLog.Text(lines, "stderr").ShouldBe("err-1\n");
        lines.ShouldAllBe(l => !l.Partial);

        await host.RemoveAsync(pod.Id);
        host.ShouldHaveNoLeftovers();
    }
}
