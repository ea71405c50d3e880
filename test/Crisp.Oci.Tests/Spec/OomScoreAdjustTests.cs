using Crisp.Oci.Spec;
using Shouldly;

namespace Crisp.Oci.Tests.Spec;

public sealed class OomScoreAdjustTests
{
    private const string StatusWithoutSysResource = "Name:\tcrisp\nCapInh:\t0000000000000000\nCapEff:\t000001fffeffffff\n";
    private const string StatusWithSysResource = "Name:\tcrisp\nCapEff:\t000001ffffffffff\n";

    [Fact]
    public void LowestAllowed_WithoutCapSysResource_IsCurrentValue()
    {
        OomScoreAdjust.LowestAllowed(() => "-500\n", () => StatusWithoutSysResource).ShouldBe(-500);
        OomScoreAdjust.LowestAllowed(() => "0\n", () => StatusWithoutSysResource).ShouldBe(0);
    }

    [Fact]
    public void LowestAllowed_WithCapSysResource_IsMinus1000()
    {
        OomScoreAdjust.LowestAllowed(() => "0\n", () => StatusWithSysResource).ShouldBe(-1000);
    }

    [Fact]
    public void LowestAllowed_GarbageValue_Throws()
    {
        Should.Throw<FormatException>(() => OomScoreAdjust.LowestAllowed(() => "lots", () => StatusWithoutSysResource));
    }

    [Fact]
    public void LowestAllowed_ThisProcess_MatchesItsOwnFiles()
    {
        var value = OomScoreAdjust.LowestAllowed();

        value.ShouldBeInRange(-1000, 1000);
    }

    [Theory]
    [InlineData(-998, 0, 0)]
    [InlineData(-998, -1000, -998)]
    [InlineData(1000, 0, 1000)]
    [InlineData(5000, 0, 1000)]
    [InlineData(-5000, -1000, -1000)]
    [InlineData(300, 500, 500)]
    public void Clamp_IntoAllowedRange(long requested, int lowest, int expected)
    {
        OomScoreAdjust.Clamp(requested, lowest).ShouldBe(expected);
    }
}
