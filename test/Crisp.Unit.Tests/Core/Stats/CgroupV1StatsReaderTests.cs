using Crisp.Core.Stats;
using Shouldly;

namespace Crisp.Unit.Tests.Core.Stats;

public sealed class CgroupV1StatsReaderTests
{
    [Fact]
    public void Read_ContainerCgroup_AllCountersInCriUnits()
    {
        var reader = new CgroupV1StatsReader(StatsFixtures.Original("v1"));

        var sample = reader.Read(StatsFixtures.ContainerPath, 42).ShouldNotBeNull();

        sample.Timestamp.ShouldBe(42);
        sample.CpuUsageNanoseconds.ShouldBe(2_500_000_000UL);
        sample.CpuUserNanoseconds.ShouldBe(2_000_000_000UL);
        sample.CpuSystemNanoseconds.ShouldBe(500_000_000UL);
        sample.PerCpuNanoseconds.ShouldBe([1_500_000_000UL, 1_000_000_000UL]);
        sample.CfsPeriods.ShouldBe(120UL);
        sample.CfsThrottledPeriods.ShouldBe(4UL);
        sample.CfsThrottledNanoseconds.ShouldBe(35_000_000UL);
        sample.MemoryUsageBytes.ShouldBe(73_400_320UL);
        sample.MemoryMaxUsageBytes.ShouldBe(80_000_000UL);
        sample.MemoryLimitBytes.ShouldBe(134_217_728UL);
        sample.MemoryFailCount.ShouldBe(3UL);
        sample.InactiveFileBytes.ShouldBe(6_291_456UL, "total_inactive_file, the hierarchical figure");
        sample.WorkingSetBytes.ShouldBe(73_400_320UL - 6_291_456UL);
        sample.RssBytes.ShouldBe(62_914_560UL);
        sample.CacheBytes.ShouldBe(8_388_608UL);
        sample.MappedFileBytes.ShouldBe(1_048_576UL);
        sample.KernelBytes.ShouldBe(1_200_000UL);
        sample.PageFaults.ShouldBe(41_000UL);
        sample.MajorPageFaults.ShouldBe(7UL);
        sample.SwapUsageBytes.ShouldBe(77_594_624UL - 73_400_320UL, "memsw counts memory plus swap");
        sample.SwapLimitBytes.ShouldBe(268_435_456UL - 134_217_728UL);
        sample.Processes.ShouldBe(5UL);
        sample.OomKills.ShouldBe(1UL);
    }

    [Fact]
    public void Read_PodCgroupWithFewFiles_MissingCountersNull()
    {
        var reader = new CgroupV1StatsReader(StatsFixtures.Original("v1"));

        var sample = reader.Read("/pod1", 1).ShouldNotBeNull();

        sample.CpuUsageNanoseconds.ShouldBe(9_000_000_000UL);
        sample.MemoryUsageBytes.ShouldBe(104_857_600UL);
        sample.WorkingSetBytes.ShouldBe(100_000_000UL);
        sample.MemoryLimitBytes.ShouldBeNull();
        sample.SwapUsageBytes.ShouldBeNull();
        sample.Processes.ShouldBeNull();
        sample.CpuUserNanoseconds.ShouldBeNull();
    }

    [Fact]
    public void Read_UnlimitedAndTicks_NoLimitAndTicksConverted()
    {
        using var fixtures = new StatsFixtures();
        var root = fixtures.Copy("v1");
        var memory = Path.Combine(root, "memory", "pod1", "crisp-abc");
        var cpuacct = Path.Combine(root, "cpuacct", "pod1", "crisp-abc");
        File.WriteAllText(Path.Combine(memory, "memory.limit_in_bytes"), "9223372036854771712\n");
        File.Delete(Path.Combine(cpuacct, "cpuacct.usage_user"));
        File.Delete(Path.Combine(cpuacct, "cpuacct.usage_sys"));

        var sample = new CgroupV1StatsReader(root).Read(StatsFixtures.ContainerPath, 1).ShouldNotBeNull();

        sample.MemoryLimitBytes.ShouldBeNull("v1 writes no limit as 2^63 rounded down to a page");
        sample.SwapLimitBytes.ShouldBeNull();
        sample.CpuUserNanoseconds.ShouldBe(2_000_000_000UL, "cpuacct.stat: 200 ticks of 10 ms");
        sample.CpuSystemNanoseconds.ShouldBe(500_000_000UL);
    }

    [Fact]
    public void Read_MissingCgroup_Null()
    {
        var reader = new CgroupV1StatsReader(StatsFixtures.Original("v1"));

        reader.Read("/pod1/crisp-gone", 1).ShouldBeNull();
        new CgroupV1StatsReader("/nonexistent-cgroup-root").Read(StatsFixtures.ContainerPath, 1).ShouldBeNull();
    }

    [Fact]
    public void Read_CgroupRemovedWhileReading_NullNotThrown()
    {
        using var fixtures = new StatsFixtures();
        var root = fixtures.Copy("v1");
        var reads = 0;
        var reader = new CgroupV1StatsReader(root, path =>
        {
            if (++reads == 3)
            {
                // The container exits: runc removes its cgroup directories between two reads.
                foreach (var controller in new[] { "cpuacct", "cpu", "memory", "pids" })
                {
                    Directory.Delete(Path.Combine(root, controller, "pod1", "crisp-abc"), recursive: true);
                }
            }

            return File.ReadAllText(path);
        });

        reader.Read(StatsFixtures.ContainerPath, 1).ShouldBeNull();
        reads.ShouldBeGreaterThan(3, "the reader went on past the removal without throwing");
    }

    [Fact]
    public void Read_FileFailsWithIoError_Null()
    {
        var reader = new CgroupV1StatsReader(StatsFixtures.Original("v1"), path =>
            path.EndsWith("memory.stat", StringComparison.Ordinal) ? throw new IOException("No such device") : File.ReadAllText(path));

        reader.Read(StatsFixtures.ContainerPath, 1).ShouldBeNull();
    }
}
