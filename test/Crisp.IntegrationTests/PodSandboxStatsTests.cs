using System.Net;
using Crisp.IntegrationTests.Harness;
using Crisp.IntegrationTests.Harness.Pods;
using Grpc.Core;
using Runtime.V1;
using Shouldly;

namespace Crisp.IntegrationTests;

/// <summary>
/// PodSandboxStats, ListPodSandboxStats, ListMetricDescriptors and ListPodSandboxMetrics against the real daemon:
/// the pod's own interfaces (read inside its network namespace) after traffic, its cgroup and its containers.
/// </summary>
public sealed class PodSandboxStatsTests
{
    /// <summary>httpd serving a 200 KiB file from inside the pod.</summary>
    private const string HttpdScript = "mkdir -p /www && dd if=/dev/zero of=/www/index.html bs=1024 count=200 && echo started && exec httpd -f -p 80 -h /www";

    private const ulong Served = 200 * 1024;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PodSandboxStats_AfterTraffic_PodInterfaceCountsItAndListsContainers()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync(configure: c => c.Labels["app"] = "web");
        var other = await host.RunPodAsync("quiet-sandbox");
        var ip = IPAddress.Parse((await host.StatusAsync(pod.Id)).Network.Ip);
        var config = ContainerConfigs.Shell(host.Busybox, "httpd", HttpdScript);
        var id = await host.RunContainerAsync(pod, config);
        await PodTestHost.WaitForLogLineAsync(PodTestHost.LogPath(pod, config), "started");
        var before = await PodStatsAsync(host, pod.Id);

        (await NetnsHttpServer.GetAsync(ip, 80)).Length.ShouldBe((int)Served);
        var after = await PodStatsAsync(host, pod.Id);

        after.Attributes.Id.ShouldBe(pod.Id);
        after.Attributes.Labels["app"].ShouldBe("web");
        after.Attributes.Metadata.Name.ShouldBe("nginx-sandbox");
        var network = after.Linux.Network;
        network.DefaultInterface.Name.ShouldBe("eth0");
        network.Interfaces.Select(i => i.Name).ShouldBe(["eth0"], "the pod's namespace has eth0 and lo only; the host's bridge is not in it");
        var sent = network.DefaultInterface.TxBytes.Value - (before.Linux.Network?.DefaultInterface?.TxBytes?.Value ?? 0);
        sent.ShouldBeGreaterThanOrEqualTo(Served, "the 200 KiB response left through the pod's eth0");
        network.DefaultInterface.RxBytes.Value.ShouldBeGreaterThan(0UL);
        after.Linux.Containers.Select(c => c.Attributes.Id).ShouldBe([id]);
        after.Linux.Containers[0].Cpu.UsageCoreNanoSeconds.Value.ShouldBeGreaterThan(0UL);
        after.Linux.Cpu.UsageCoreNanoSeconds.Value.ShouldBeGreaterThan(0UL);
        after.Linux.Memory.WorkingSetBytes.ShouldNotBeNull();
        after.Linux.Process.ProcessCount.Value.ShouldBeGreaterThanOrEqualTo(1UL);

        var listed = await ListAsync(host, null);
        listed.Select(s => s.Attributes.Id).ShouldBe([pod.Id, other.Id], ignoreOrder: true);
        listed.Single(s => s.Attributes.Id == other.Id).Linux.Containers.ShouldBeEmpty();
        (await ListAsync(host, new PodSandboxStatsFilter { LabelSelector = { ["app"] = "web" } })).Select(s => s.Attributes.Id).ShouldBe([pod.Id]);
        (await ListAsync(host, new PodSandboxStatsFilter { Id = other.Id[..12] })).Select(s => s.Attributes.Id).ShouldBe([other.Id]);
        (await ListAsync(host, new PodSandboxStatsFilter { LabelSelector = { ["app"] = "none" } })).ShouldBeEmpty();
        using (var call = host.Runtime.StreamPodSandboxStats(new StreamPodSandboxStatsRequest { Filter = new PodSandboxStatsFilter { Id = pod.Id } }, cancellationToken: Ct))
        {
            (await call.ResponseStream.MoveNext(Ct)).ShouldBeTrue();
            call.ResponseStream.Current.PodSandboxStats.Select(s => s.Attributes.Id).ShouldBe([pod.Id]);
            (await call.ResponseStream.MoveNext(Ct)).ShouldBeFalse();
        }

        await host.RemoveContainerAsync(id);
        await host.RemoveAsync(pod.Id);
        await host.RemoveAsync(other.Id);
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task PodSandboxStats_StoppedPodAndUnknownId_AttributesOnlyAndNotFound()
    {
        await using var host = await PodTestHost.StartAsync();
        var pod = await host.RunPodAsync();
        await host.StopAsync(pod.Id);

        var stopped = await PodStatsAsync(host, pod.Id);
        var unknown = await Should.ThrowAsync<RpcException>(async () => await host.Runtime.PodSandboxStatsAsync(
            new PodSandboxStatsRequest { PodSandboxId = new string('b', 64) }, cancellationToken: Ct));

        stopped.Attributes.Id.ShouldBe(pod.Id);
        stopped.Linux.Network.ShouldBeNull("a stopped pod has no network");
        unknown.StatusCode.ShouldBe(StatusCode.NotFound);
        (await host.Runtime.ListMetricDescriptorsAsync(new ListMetricDescriptorsRequest(), cancellationToken: Ct)).Descriptors
            .ShouldBeEmpty("included_pod_metrics is empty by default");
        (await host.Runtime.ListPodSandboxMetricsAsync(new ListPodSandboxMetricsRequest(), cancellationToken: Ct)).PodMetrics.ShouldBeEmpty();

        await host.RemoveAsync(pod.Id);
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task ListPodSandboxMetrics_IncludedGroups_CadvisorNamesForPodAndContainers()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync(files =>
        {
            Directory.CreateDirectory(files.ConfigDir);
            File.WriteAllText(Path.Combine(files.ConfigDir, "50-stats.conf"), "[crio.stats]\nincluded_pod_metrics = [\"cpu\", \"memory\", \"network\", \"process\", \"oom\"]\n");
        });
        var pod = await host.RunPodAsync();
        var id = await host.RunContainerAsync(pod, ContainerConfigs.Shell(host.Busybox, "sleeper", ContainerConfigs.UntilTerm));

        var descriptors = (await host.Runtime.ListMetricDescriptorsAsync(new ListMetricDescriptorsRequest(), cancellationToken: Ct)).Descriptors;
        var metrics = (await host.Runtime.ListPodSandboxMetricsAsync(new ListPodSandboxMetricsRequest(), cancellationToken: Ct)).PodMetrics;

        var names = descriptors.Select(d => d.Name).ToList();
        names.ShouldContain("container_cpu_usage_seconds_total");
        names.ShouldContain("container_memory_working_set_bytes");
        names.ShouldContain("container_network_receive_bytes_total");
        names.ShouldContain("container_processes");
        names.ShouldContain("container_oom_events_total");
        names.ShouldNotContain("container_spec_cpu_shares", "spec is not included");
        descriptors.Single(d => d.Name == "container_memory_rss").LabelKeys.ShouldBe(["id", "image", "namespace", "pod", "container"]);
        var podMetrics = metrics.ShouldHaveSingleItem();
        podMetrics.PodSandboxId.ShouldBe(pod.Id);
        var received = podMetrics.Metrics.Single(m => m.Name == "container_network_receive_bytes_total");
        received.LabelValues.ShouldBe([pod.Id, "", "default", "nginx-sandbox", "POD", "eth0"]);
        var container = podMetrics.ContainerMetrics.ShouldHaveSingleItem();
        container.ContainerId.ShouldBe(id);
        var workingSet = container.Metrics.Single(m => m.Name == "container_memory_working_set_bytes");
        workingSet.MetricType.ShouldBe(MetricType.Gauge);
        workingSet.Value.Value.ShouldBeGreaterThan(0UL);
        workingSet.LabelValues.ShouldBe([id, host.Busybox, "default", "nginx-sandbox", "sleeper"]);
        container.Metrics.Single(m => m.Name == "container_processes").Value.Value.ShouldBeGreaterThanOrEqualTo(1UL);
        container.Metrics.Select(m => m.Name).ShouldAllBe(n => names.Contains(n), "every metric has a descriptor");

        await host.RemoveContainerAsync(id);
        await host.RemoveAsync(pod.Id);
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task ListPodSandboxStats_CollectionPeriod_ServedFromPeriodicCollectionAcrossRemoval()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync(files =>
        {
            Directory.CreateDirectory(files.ConfigDir);
            File.WriteAllText(Path.Combine(files.ConfigDir, "50-stats.conf"), "[crio.stats]\ncollection_period = 1\n");
        });
        var pod = await host.RunPodAsync();
        var id = await host.RunContainerAsync(pod, ContainerConfigs.Shell(host.Busybox, "spin", "while :; do :; done"));
        PodSandboxStats cached = await PodStatsAsync(host, pod.Id);
        await Eventually.TrueAsync(
            async () => (cached = await PodStatsAsync(host, pod.Id)).Linux.Containers.Count == 1,
            "a periodic collection after the start sees the container (answers in between come from the cache)",
            TimeSpan.FromSeconds(30));
        var first = cached.Linux.Containers.Single();

        await Eventually.TrueAsync(
            async () => (await PodStatsAsync(host, pod.Id)).Linux.Containers.Single().Cpu.UsageCoreNanoSeconds.Value > first.Cpu.UsageCoreNanoSeconds.Value,
            "a later periodic collection replaces the cached answer",
            TimeSpan.FromSeconds(30));
        await host.RemoveContainerAsync(id);
        await Eventually.TrueAsync(
            async () => (await PodStatsAsync(host, pod.Id)).Linux.Containers.Count == 0,
            "the next collection drops the removed container",
            TimeSpan.FromSeconds(30));

        (await host.Runtime.ListContainerStatsAsync(new ListContainerStatsRequest(), cancellationToken: Ct)).Stats.ShouldBeEmpty();
        host.Daemon.HasExited.ShouldBeFalse();
        await host.RemoveAsync(pod.Id);
        host.ShouldHaveNoLeftovers();
    }

    private static async Task<PodSandboxStats> PodStatsAsync(PodTestHost host, string id) =>
        (await host.Runtime.PodSandboxStatsAsync(new PodSandboxStatsRequest { PodSandboxId = id }, cancellationToken: Ct)).Stats;

    private static async Task<IReadOnlyList<PodSandboxStats>> ListAsync(PodTestHost host, PodSandboxStatsFilter? filter) =>
        (await host.Runtime.ListPodSandboxStatsAsync(new ListPodSandboxStatsRequest { Filter = filter }, cancellationToken: Ct)).Stats;
}
