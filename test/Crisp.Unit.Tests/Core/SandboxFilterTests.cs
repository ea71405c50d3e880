using Crisp.Core.Sandboxes;
using Shouldly;

namespace Crisp.Unit.Tests.Core;

public sealed class SandboxFilterTests
{
    private static readonly Sandbox _web = SandboxStoreTests.Sample("abc1" + new string('0', 60)) with
    {
        Labels = new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" },
    };

    private static readonly Sandbox _db = SandboxStoreTests.Sample("abc2" + new string('0', 60), SandboxState.NotReady) with
    {
        Labels = new Dictionary<string, string> { ["app"] = "db" },
    };

    private static readonly IReadOnlyList<Sandbox> _all = [_web, _db];

    [Fact]
    public void Apply_Empty_KeepsAllInOrder() => new SandboxFilter().Apply(_all).ShouldBe(_all);

    [Theory]
    [InlineData("abc1", "web")]
    [InlineData("abc2", "db")]
    [InlineData("abc", null)]
    [InlineData("ffff", null)]
    public void Apply_Id_FullOrUniquePrefix_AmbiguousMatchesNothing(string prefix, string? expected)
    {
        var result = new SandboxFilter { Id = prefix }.Apply(_all);

        result.Select(s => s.Labels["app"]).ShouldBe(expected is null ? [] : [expected]);
    }

    [Fact]
    public void Apply_FullId_EvenWhenItIsAPrefixOfNothingElse()
    {
        new SandboxFilter { Id = _db.Id }.Apply(_all).ShouldHaveSingleItem().ShouldBe(_db);
    }

    [Fact]
    public void Apply_State() =>
        new SandboxFilter { State = SandboxState.NotReady }.Apply(_all).ShouldHaveSingleItem().ShouldBe(_db);

    [Fact]
    public void Apply_Labels_AllMustMatch()
    {
        new SandboxFilter { Labels = new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" } }.Apply(_all).ShouldBe([_web]);
        new SandboxFilter { Labels = new Dictionary<string, string> { ["app"] = "web", ["tier"] = "back" } }.Apply(_all).ShouldBeEmpty();
        new SandboxFilter { Labels = new Dictionary<string, string> { ["missing"] = "" } }.Apply(_all).ShouldBeEmpty();
    }

    [Fact]
    public void Apply_Combined()
    {
        var filter = new SandboxFilter { Id = "abc1", State = SandboxState.NotReady };

        filter.Apply(_all).ShouldBeEmpty();
    }
}
