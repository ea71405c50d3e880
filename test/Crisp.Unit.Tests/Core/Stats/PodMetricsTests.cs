using Crisp.Config;
using Crisp.Core.Stats;
using Shouldly;

namespace Crisp.Unit.Tests.Core.Stats;

public sealed class PodMetricsTests
{
    [Fact]
    public void Descriptors_NothingIncluded_Empty() =>
        PodMetrics.Descriptors(PodMetrics.EnabledGroups(ValueList<string>.Empty)).ShouldBeEmpty();

    [Fact]
    public void Descriptors_CpuOnly_LastSeenAndCpuNames()
    {
        var names = PodMetrics.Descriptors(PodMetrics.EnabledGroups(ValueList.From(["cpu"]))).Select(d => d.Name).ToList();

        names.ShouldBe([
            "container_last_seen",
            "container_cpu_user_seconds_total",
            "container_cpu_system_seconds_total",
            "container_cpu_usage_seconds_total",
            "container_cpu_cfs_periods_total",
            "container_cpu_cfs_throttled_periods_total",
            "container_cpu_cfs_throttled_seconds_total",
        ]);
    }

    [Fact]
    public void Descriptors_All_EveryGroupOnceWithCadvisorLabels()
    {
        var descriptors = PodMetrics.Descriptors(PodMetrics.EnabledGroups(ValueList.From(["all"])));

        descriptors.Select(d => d.Name).ShouldBeUnique();
        descriptors.Select(d => d.Name).ShouldContain("container_memory_working_set_bytes");
        descriptors.Select(d => d.Name).ShouldContain("container_oom_events_total");
        descriptors.Single(d => d.Name == "container_network_receive_bytes_total").LabelKeys.ShouldBe(["id", "image", "namespace", "pod", "container", "interface"]);
        descriptors.Single(d => d.Name == "container_cpu_usage_seconds_total").LabelKeys.Last().ShouldBe("cpu");
    }
}
