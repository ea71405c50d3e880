using Crisp.Core.Containers;
using Shouldly;

namespace Crisp.Unit.Tests.Core;

public sealed class ContainerFilterTests
{
    private static readonly string _podA = "a1" + new string('0', 62);
    private static readonly string _podB = "a2" + new string('0', 62);

    private static readonly Container _web = ContainerStoreTests.Sample("c1" + new string('0', 62), ContainerState.Running, _podA) with
    {
        MetadataName = "web",
        Labels = new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" },
    };

    private static readonly Container _sidecar = ContainerStoreTests.Sample("c2" + new string('0', 62), ContainerState.Exited, _podA) with
    {
        MetadataName = "sidecar",
        Labels = new Dictionary<string, string> { ["app"] = "web" },
    };

    private static readonly Container _db = ContainerStoreTests.Sample("d1" + new string('0', 62), ContainerState.Created, _podB) with
    {
        MetadataName = "db",
        Labels = new Dictionary<string, string> { ["app"] = "db" },
    };

    private static readonly IReadOnlyList<Container> _all = [_web, _sidecar, _db];

    private static string[] Names(IEnumerable<Container> containers) => [.. containers.Select(c => c.MetadataName)];

    private static string[] List(string commaSeparated) => commaSeparated.Split(',', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Apply_Empty_KeepsAllInOrder() => new ContainerFilter().Apply(_all).ShouldBe(_all);

    [Fact]
    public void Apply_EmptyStrings_AreNoFilter() =>
        Names(new ContainerFilter { Id = "", SandboxId = "" }.Apply(_all)).ShouldBe(["web", "sidecar", "db"]);

    [Fact]
    public void Apply_NoContainers_Empty() =>
        new ContainerFilter { Id = "c1", SandboxId = "a1", State = ContainerState.Running }.Apply([]).ShouldBeEmpty();

    [Theory]
    [InlineData("c1", "web")]
    [InlineData("c2", "sidecar")]
    [InlineData("d", "db")]
    [InlineData("c", null)]
    [InlineData("ffff", null)]
    public void Apply_Id_UniquePrefix_AmbiguousOrUnknownMatchesNothing(string prefix, string? expected)
    {
        var result = new ContainerFilter { Id = prefix }.Apply(_all);

        Names(result).ShouldBe(expected is null ? [] : [expected]);
    }

    [Fact]
    public void Apply_Id_FullId_MatchesThatContainer()
    {
        new ContainerFilter { Id = _sidecar.Id }.Apply(_all).ShouldBe([_sidecar]);
        new ContainerFilter { Id = _sidecar.Id + "0" }.Apply(_all).ShouldBeEmpty();
    }

    [Fact]
    public void Apply_Id_ExactMatchWinsOverLongerIdsItPrefixes()
    {
        var shortId = ContainerStoreTests.Sample("c1") with { MetadataName = "short" };

        Names(new ContainerFilter { Id = "c1" }.Apply([_web, shortId])).ShouldBe(["short"]);
    }

    [Theory]
    [InlineData("a1", "web,sidecar")]
    [InlineData("a2", "db")]
    [InlineData("a", "")]
    [InlineData("ff", "")]
    public void Apply_SandboxId_UniquePrefix_AmbiguousOrUnknownMatchesNothing(string prefix, string expected) =>
        Names(new ContainerFilter { SandboxId = prefix }.Apply(_all)).ShouldBe(List(expected));

    [Fact]
    public void Apply_SandboxId_FullId() =>
        Names(new ContainerFilter { SandboxId = _podB }.Apply(_all)).ShouldBe(["db"]);

    [Fact]
    public void Apply_IdAndSandboxId_BothMustMatch()
    {
        Names(new ContainerFilter { Id = "c2", SandboxId = "a1" }.Apply(_all)).ShouldBe(["sidecar"]);
        new ContainerFilter { Id = "c2", SandboxId = "a2" }.Apply(_all).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(ContainerState.Running, "web")]
    [InlineData(ContainerState.Exited, "sidecar")]
    [InlineData(ContainerState.Created, "db")]
    [InlineData(ContainerState.Creating, "")]
    public void Apply_State(ContainerState state, string expected) =>
        Names(new ContainerFilter { State = state }.Apply(_all)).ShouldBe(List(expected));

    [Fact]
    public void Apply_StateAndSandbox_Combined()
    {
        Names(new ContainerFilter { SandboxId = "a1", State = ContainerState.Exited }.Apply(_all)).ShouldBe(["sidecar"]);
        new ContainerFilter { SandboxId = "a2", State = ContainerState.Running }.Apply(_all).ShouldBeEmpty();
    }

    [Fact]
    public void Apply_Labels_AllMustMatchExactly()
    {
        ContainerFilter Labels(params (string Key, string Value)[] labels) =>
            new() { Labels = labels.ToDictionary(l => l.Key, l => l.Value) };

        Names(Labels(("app", "web")).Apply(_all)).ShouldBe(["web", "sidecar"]);
        Names(Labels(("app", "web"), ("tier", "front")).Apply(_all)).ShouldBe(["web"]);
        Labels(("app", "web"), ("tier", "back")).Apply(_all).ShouldBeEmpty();
        Labels(("app", "WEB")).Apply(_all).ShouldBeEmpty();
        Labels(("missing", "")).Apply(_all).ShouldBeEmpty();
        Names(Labels().Apply(_all)).ShouldBe(["web", "sidecar", "db"]);
    }

    [Fact]
    public void Apply_EveryCriterion_Together()
    {
        var filter = new ContainerFilter
        {
            Id = "c1",
            SandboxId = "a1",
            State = ContainerState.Running,
            Labels = new Dictionary<string, string> { ["tier"] = "front" },
        };

        filter.Apply(_all).ShouldBe([_web]);
        (filter with { State = ContainerState.Exited }).Apply(_all).ShouldBeEmpty();
    }
}
