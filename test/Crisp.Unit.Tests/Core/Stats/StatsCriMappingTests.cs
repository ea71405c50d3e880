using Crisp.Core.Stats;
using Shouldly;

namespace Crisp.Unit.Tests.Core.Stats;

public sealed class StatsCriMappingTests
{
    /// <summary>/proc/net/dev as the kernel writes it (two header lines, then one line per interface).</summary>
    private const string NetDev = """
        Inter-|   Receive                                                |  Transmit
         face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
            lo:     840      10    0    0    0     0          0         0      840      10    0    0    0     0       0          0
          eth0:  205312     150    1    2    0     0          0         0   215040     160    3    4    0     0       0          0
          net1: 1000 5 0 0 0 0 0 0 2000 6 0 0 0 0 0 0
        """;

    [Fact]
    public void ParseNetDev_KernelFormat_CountersPerInterface()
    {
        var interfaces = InterfaceCounters.ParseNetDev(NetDev);

        interfaces.Select(i => i.Name).ShouldBe(["lo", "eth0", "net1"]);
        interfaces[1].ShouldBe(new InterfaceCounters("eth0", 205312, 150, 1, 2, 215040, 160, 3, 4));
    }

    [Fact]
    public void Network_Eth0DefaultLoopbackLeftOut()
    {
        var usage = StatsCriMapping.Network(InterfaceCounters.ParseNetDev(NetDev), 5);

        usage.Timestamp.ShouldBe(5);
        usage.DefaultInterface.Name.ShouldBe("eth0");
        usage.DefaultInterface.RxBytes.Value.ShouldBe(205312UL);
        usage.DefaultInterface.TxErrors.Value.ShouldBe(3UL);
        usage.Interfaces.Select(i => i.Name).ShouldBe(["eth0", "net1"]);
    }

    [Fact]
    public void Memory_LimitAndInactiveFile_WorkingSetAndAvailable()
    {
        var sample = new CgroupSample { Timestamp = 9, MemoryUsageBytes = 100, InactiveFileBytes = 30, MemoryLimitBytes = 250, RssBytes = 60, PageFaults = 4 };

        var memory = StatsCriMapping.Memory(sample).ShouldNotBeNull();

        memory.WorkingSetBytes.Value.ShouldBe(70UL);
        memory.AvailableBytes.Value.ShouldBe(180UL);
        memory.UsageBytes.Value.ShouldBe(100UL);
        memory.RssBytes.Value.ShouldBe(60UL);
        memory.PageFaults.Value.ShouldBe(4UL);
        memory.MajorPageFaults.ShouldBeNull();
        StatsCriMapping.Memory(sample with { MemoryLimitBytes = null })!.AvailableBytes.ShouldBeNull("no limit, nothing to subtract from");
        StatsCriMapping.Memory(sample with { InactiveFileBytes = 500 })!.WorkingSetBytes.Value.ShouldBe(0UL, "never negative");
        StatsCriMapping.Memory(new CgroupSample()).ShouldBeNull();
    }

    [Fact]
    public void Sum_Containers_AddsWhatIsKnown()
    {
        var sum = CgroupSample.Sum([new CgroupSample { CpuUsageNanoseconds = 5, MemoryUsageBytes = 10 }, new CgroupSample { CpuUsageNanoseconds = 7 }], 3);

        sum.Timestamp.ShouldBe(3);
        sum.CpuUsageNanoseconds.ShouldBe(12UL);
        sum.MemoryUsageBytes.ShouldBe(10UL);
        sum.Processes.ShouldBeNull();
    }
}
