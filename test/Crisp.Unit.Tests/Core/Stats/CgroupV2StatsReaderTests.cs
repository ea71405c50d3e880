using Crisp.Core.Stats;
using Shouldly;

namespace Crisp.Unit.Tests.Core.Stats;

public sealed class CgroupV2StatsReaderTests
{
    [Fact]
    public void Read_ContainerCgroup_AllCountersInCriUnits()
    {
        var reader = new CgroupV2StatsReader(StatsFixtures.Original("v2"));

        var sample = reader.Read(StatsFixtures.ContainerPath, 7).ShouldNotBeNull();

        sample.Timestamp.ShouldBe(7);
        sample.CpuUsageNanoseconds.ShouldBe(2_500_000_000UL, "usage_usec × 1000");
        sample.CpuUserNanoseconds.ShouldBe(2_000_000_000UL);
        sample.CpuSystemNanoseconds.ShouldBe(500_000_000UL);
        sample.PerCpuNanoseconds.ShouldBeEmpty();
        sample.CfsPeriods.ShouldBe(120UL);
        sample.CfsThrottledPeriods.ShouldBe(4UL);
        sample.CfsThrottledNanoseconds.ShouldBe(35_000_000UL);
        sample.MemoryUsageBytes.ShouldBe(73_400_320UL);
        sample.MemoryMaxUsageBytes.ShouldBe(80_000_000UL);
        sample.MemoryLimitBytes.ShouldBeNull("memory.max says max");
        sample.MemoryFailCount.ShouldBe(3UL, "memory.events max");
        sample.InactiveFileBytes.ShouldBe(6_291_456UL);
        sample.WorkingSetBytes.ShouldBe(73_400_320UL - 6_291_456UL);
        sample.RssBytes.ShouldBe(62_914_560UL, "anon");
        sample.CacheBytes.ShouldBe(8_388_608UL, "file");
        sample.MappedFileBytes.ShouldBe(1_048_576UL);
        sample.KernelBytes.ShouldBe(1_200_000UL);
        sample.PageFaults.ShouldBe(41_000UL);
        sample.MajorPageFaults.ShouldBe(7UL);
        sample.SwapUsageBytes.ShouldBe(4_194_304UL, "memory.swap.current is swap alone");
        sample.SwapLimitBytes.ShouldBeNull();
        sample.Processes.ShouldBe(5UL);
        sample.OomKills.ShouldBe(1UL);
    }

    [Fact]
    public void Read_LimitsAndNoSwapAccounting_LimitsReadSwapNull()
    {
        using var fixtures = new StatsFixtures();
        var root = fixtures.Copy("v2");
        var directory = Path.Combine(root, "pod1", "crisp-abc");
        File.WriteAllText(Path.Combine(directory, "memory.max"), "134217728\n");
        File.Delete(Path.Combine(directory, "memory.swap.current"));
        File.Delete(Path.Combine(directory, "memory.swap.max"));
        File.Delete(Path.Combine(directory, "pids.current"));

        var sample = new CgroupV2StatsReader(root).Read(StatsFixtures.ContainerPath, 1).ShouldNotBeNull();

        sample.MemoryLimitBytes.ShouldBe(134_217_728UL);
        sample.SwapUsageBytes.ShouldBeNull();
        sample.Processes.ShouldBeNull("no pids controller enabled for the cgroup");
    }

    [Fact]
    public void Read_MissingCgroup_Null()
    {
        new CgroupV2StatsReader(StatsFixtures.Original("v2")).Read("/pod1/crisp-gone", 1).ShouldBeNull();
    }

    [Fact]
    public void Read_CgroupRemovedWhileReading_NullNotThrown()
    {
        using var fixtures = new StatsFixtures();
        var root = fixtures.Copy("v2");
        var directory = Path.Combine(root, "pod1", "crisp-abc");
        var reader = new CgroupV2StatsReader(root, path =>
        {
            if (path.EndsWith("memory.stat", StringComparison.Ordinal) && Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }

            return File.ReadAllText(path);
        });

        reader.Read(StatsFixtures.ContainerPath, 1).ShouldBeNull();
    }
}
