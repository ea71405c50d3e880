using Crisp.IntegrationTests.Harness;
using Crisp.IntegrationTests.Harness.Pods;
using Grpc.Core;
using Runtime.V1;
using Shouldly;

namespace Crisp.IntegrationTests;

/// <summary>
/// ContainerStats and ListContainerStats against the real daemon: CPU of a busy loop, the working set of a container
/// holding 50 MB, its writable layer, the filters, exited containers and unknown ids.
/// </summary>
public sealed class ContainerStatsTests
{
    private const ulong FiftyMegabytes = 50UL * 1024 * 1024;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ContainerStats_BusyLoop_CumulativeCpuRisesAndNanoCoresPositive()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        var id = await host.RunContainerAsync(pod, ContainerConfigs.Shell(host.Busybox, "spin", "while :; do :; done"));

        var first = await StatsAsync(host, id);
        ContainerStats later = first;
        await Eventually.TrueAsync(
            async () => (later = await StatsAsync(host, id)).Cpu.UsageCoreNanoSeconds.Value > first.Cpu.UsageCoreNanoSeconds.Value,
            "the busy loop's cumulative CPU time rises",
            TimeSpan.FromSeconds(30));

        later.Attributes.Id.ShouldBe(id);
        later.Attributes.Metadata.Name.ShouldBe("spin");
        later.Cpu.Timestamp.ShouldBeGreaterThan(first.Cpu.Timestamp);
        later.Cpu.UsageCoreNanoSeconds.Value.ShouldBeGreaterThan(first.Cpu.UsageCoreNanoSeconds.Value);
        later.Cpu.UsageNanoCores.ShouldNotBeNull("a rate is computed from the previous sample");
        later.Cpu.UsageNanoCores.Value.ShouldBeGreaterThan(0UL, "the CPU time rose since the previous call");
        later.Memory.UsageBytes.Value.ShouldBeGreaterThan(0UL);
        later.WritableLayer.FsId.Mountpoint.ShouldStartWith("/");

        await host.RemoveContainerAsync(id);
        await host.RemoveAsync(pod.Id);
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task ContainerStats_Holding50Megabytes_WorkingSetAndWritableLayerShowIt()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        var config = ContainerConfigs.Shell(
            host.Busybox,
            "hold",
            "dd if=/dev/zero of=/written bs=1024 count=1024 && dd if=/dev/zero of=/dev/shm/held bs=1M count=50 && echo held && sleep 3600");
        var id = await host.RunContainerAsync(pod, config);
        await PodTestHost.WaitForLogLineAsync(PodTestHost.LogPath(pod, config), "held");

        var stats = await StatsAsync(host, id);

        stats.Memory.WorkingSetBytes.Value.ShouldBeGreaterThanOrEqualTo(FiftyMegabytes, "the 50 MB on the pod's /dev/shm are charged to the container");
        stats.Memory.UsageBytes.Value.ShouldBeGreaterThanOrEqualTo(stats.Memory.WorkingSetBytes.Value);
        stats.WritableLayer.UsedBytes.Value.ShouldBeGreaterThanOrEqualTo(1024UL * 1024, "/written is in the upper directory");
        stats.WritableLayer.InodesUsed.Value.ShouldBeGreaterThanOrEqualTo(1UL);

        await host.RemoveContainerAsync(id);
        await host.RemoveAsync(pod.Id);
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task ListContainerStats_Filters_ByIdPodAndLabelsLeavingOutExited()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        var other = await host.RunPodAsync("other-sandbox");
        var front = await host.RunContainerAsync(pod, ContainerConfigs.Shell(host.Busybox, "front", ContainerConfigs.UntilTerm).WithLabel("tier", "frontend"));
        var back = await host.RunContainerAsync(pod, ContainerConfigs.Shell(host.Busybox, "back", ContainerConfigs.UntilTerm).WithLabel("tier", "backend"));
        var elsewhere = await host.RunContainerAsync(other, ContainerConfigs.Shell(host.Busybox, "elsewhere", ContainerConfigs.UntilTerm));
        var done = await host.RunContainerAsync(pod, ContainerConfigs.Shell(host.Busybox, "done", "exit 0"));
        await host.WaitForExitAsync(done);

        (await ListAsync(host, null)).ShouldBe([front, back, elsewhere], ignoreOrder: true);
        (await ListAsync(host, new ContainerStatsFilter { Id = back })).ShouldBe([back]);
        (await ListAsync(host, new ContainerStatsFilter { Id = back[..12] })).ShouldBe([back]);
        (await ListAsync(host, new ContainerStatsFilter { PodSandboxId = pod.Id })).ShouldBe([front, back], ignoreOrder: true);
        (await ListAsync(host, new ContainerStatsFilter { PodSandboxId = other.Id[..12] })).ShouldBe([elsewhere]);
        (await ListAsync(host, new ContainerStatsFilter { LabelSelector = { ["tier"] = "frontend" } })).ShouldBe([front]);
        (await ListAsync(host, new ContainerStatsFilter { LabelSelector = { ["tier"] = "nope" } })).ShouldBeEmpty();
        (await ListAsync(host, new ContainerStatsFilter { Id = done })).ShouldBeEmpty("an exited container has no cgroup to report");
        (await StreamAsync(host, new ContainerStatsFilter { PodSandboxId = pod.Id })).ShouldBe([front, back], ignoreOrder: true);

        var exited = await StatsAsync(host, done);
        exited.Attributes.Id.ShouldBe(done);
        exited.Cpu.ShouldBeNull();
        exited.WritableLayer.ShouldNotBeNull();

        foreach (var id in new[] { front, back, elsewhere, done })
        {
            await host.RemoveContainerAsync(id);
        }

        await host.RemoveAsync(pod.Id);
        await host.RemoveAsync(other.Id);
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task ContainerStats_UnknownOrEmptyId_NotFoundOrInvalidArgument()
    {
        await using var host = await PodTestHost.StartAsync();

        var unknown = await Should.ThrowAsync<RpcException>(async () => await host.Runtime.ContainerStatsAsync(
            new ContainerStatsRequest { ContainerId = new string('a', 64) }, cancellationToken: Ct));
        var empty = await Should.ThrowAsync<RpcException>(async () => await host.Runtime.ContainerStatsAsync(
            new ContainerStatsRequest(), cancellationToken: Ct));

        unknown.StatusCode.ShouldBe(StatusCode.NotFound);
        unknown.Status.Detail.ShouldContain("aaaa");
        empty.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        (await host.Runtime.ListContainerStatsAsync(new ListContainerStatsRequest(), cancellationToken: Ct)).Stats.ShouldBeEmpty();
        host.Daemon.HasExited.ShouldBeFalse();
    }

    private static async Task<ContainerStats> StatsAsync(PodTestHost host, string id) =>
        (await host.Runtime.ContainerStatsAsync(new ContainerStatsRequest { ContainerId = id }, cancellationToken: Ct)).Stats;

    private static async Task<string[]> StreamAsync(PodTestHost host, ContainerStatsFilter filter)
    {
        using var call = host.Runtime.StreamContainerStats(new StreamContainerStatsRequest { Filter = filter }, cancellationToken: Ct);
        var ids = new List<string>();
        while (await call.ResponseStream.MoveNext(Ct))
        {
            ids.AddRange(call.ResponseStream.Current.ContainerStats.Select(s => s.Attributes.Id));
        }

        return [.. ids];
    }

    private static async Task<string[]> ListAsync(PodTestHost host, ContainerStatsFilter? filter) =>
        [.. (await host.Runtime.ListContainerStatsAsync(new ListContainerStatsRequest { Filter = filter }, cancellationToken: Ct)).Stats.Select(s => s.Attributes.Id)];
}
