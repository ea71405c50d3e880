using Shouldly;
using Xunit;

namespace Crisp.Config.Tests;

public sealed class ValueCollectionTests
{
    [Fact]
    public void ValueList_SameItems_AreEqual()
    {
        ValueList<string> a = ["x", "y"];
        ValueList<string> b = ValueList.From(new List<string> { "x", "y" });

        a.ShouldBe(b);
        (a == b).ShouldBeTrue();
        a.GetHashCode().ShouldBe(b.GetHashCode());
    }

    [Fact]
    public void ValueList_DifferentOrder_AreNotEqual()
    {
        ValueList<string> a = ["x", "y"];
        ValueList<string> b = ["y", "x"];

        a.Equals(b).ShouldBeFalse();
    }

    [Fact]
    public void ValueMap_SameEntriesInAnyOrder_AreEqual()
    {
        var a = ValueMap.Create(("b", 2), ("a", 1));
        var b = ValueMap<int>.Empty.SetItem("a", 1).SetItem("b", 2);

        a.ShouldBe(b);
        a.Keys.ShouldBe(["a", "b"]);
        a.Equals(b.SetItem("b", 3)).ShouldBeFalse();
    }

    [Fact]
    public void Records_HoldingCollections_CompareByContent()
    {
        var first = new RuntimeConfig { DefaultEnv = ["A=1"] };
        var second = new RuntimeConfig { DefaultEnv = ValueList.From(["A=1"]) };

        first.ShouldBe(second);
        (first with { DefaultEnv = ["A=2"] }).ShouldNotBe(second);
    }
}
