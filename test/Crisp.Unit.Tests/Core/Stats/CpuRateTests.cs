using Crisp.Core.Stats;
using Shouldly;

namespace Crisp.Unit.Tests.Core.Stats;

public sealed class CpuRateTests
{
    private const long Second = 1_000_000_000;

    [Fact]
    public void Update_TwoSamples_NanoCoresFromDeltas()
    {
        var rate = new CpuRate();

        rate.Update("c", 10 * Second, 5 * Second).ShouldBeNull("the first sample has nothing to compare with");
        rate.Update("c", 12 * Second, 6 * Second).ShouldBe(500_000_000UL, "1 s of CPU in 2 s of wall time: half a core");
        rate.Update("c", 13 * Second, 8 * Second).ShouldBe(2_000_000_000UL, "two cores busy");
    }

    [Fact]
    public void Update_KeysApartClockStillOrCounterReset_NoRate()
    {
        var rate = new CpuRate();
        rate.Update("a", 1 * Second, 100);
        rate.Update("b", 1 * Second, 100);

        rate.Update("a", 1 * Second, 200).ShouldBeNull("no wall time passed");
        rate.Update("b", 2 * Second, 50).ShouldBeNull("the counter went back (a new cgroup under the same id)");
        rate.Update("b", 3 * Second, 50 + Second).ShouldBe((ulong)Second);
        rate.Update("c", 3 * Second, null).ShouldBeNull();
    }

    [Fact]
    public void Retain_ForgetsGoneKeys()
    {
        var rate = new CpuRate();
        rate.Update("kept", 1 * Second, 0);
        rate.Update("gone", 1 * Second, 0);

        rate.Retain(new HashSet<string> { "kept" });

        rate.Update("kept", 2 * Second, (ulong)Second).ShouldBe((ulong)Second);
        rate.Update("gone", 2 * Second, (ulong)Second).ShouldBeNull("its previous sample was dropped");
    }
}
