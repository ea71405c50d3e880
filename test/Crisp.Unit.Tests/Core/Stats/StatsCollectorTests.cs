using Crisp.Config;
using Crisp.Core.Containers;
using Crisp.Core.Runtime;
using Crisp.Core.Sandboxes;
using Crisp.Core.Stats;
using Microsoft.Extensions.Logging.Abstractions;
using Shouldly;

namespace Crisp.Unit.Tests.Core.Stats;

/// <summary>The collector over real container and sandbox stores, a fake cgroup reader and network reader, and a clock the test moves.</summary>
public sealed class StatsCollectorTests : IDisposable
{
    private const long Second = 1_000_000_000;

    private readonly ContainerManagerHost _host = new();
    private readonly SandboxManagerHost _pods = new();
    private readonly FakeCgroups _cgroups = new();
    private readonly FakeNetwork _network = new();

    public void Dispose()
    {
        _host.Dispose();
        _pods.Dispose();
    }

    [Fact]
    public async Task Container_TwoCallsClockAdvanced_NanoCoresFromTheDelta()
    {
        var running = await SeedAsync(ContainerState.Running);
        var collector = NewCollector();
        _cgroups.Cpu[CgroupOf(running)] = 10 * Second;
        var first = collector.Container(running.Id);
        _host.Time.UtcNow += TimeSpan.FromSeconds(4);
        _cgroups.Cpu[CgroupOf(running)] = 12 * Second;

        var second = collector.Container(running.Id[..10]);

        first.Cpu.UsageCoreNanoSeconds.Value.ShouldBe((ulong)(10 * Second));
        first.Cpu.UsageNanoCores.ShouldBeNull();
        second.Cpu.UsageCoreNanoSeconds.Value.ShouldBe((ulong)(12 * Second));
        second.Cpu.UsageNanoCores.Value.ShouldBe(500_000_000UL, "2 s of CPU in 4 s: half a core");
        (second.Cpu.Timestamp - first.Cpu.Timestamp).ShouldBe(4 * Second);
        second.Attributes.Metadata.Name.ShouldBe("app");
        second.WritableLayer.UsedBytes.Value.ShouldBe(0UL, "the container has no upper directory yet");
    }

    [Fact]
    public async Task Containers_Filters_IdPodLabelsExitedAndVanishedCgroupsLeftOut()
    {
        var front = await SeedAsync(ContainerState.Running, "front", new() { ["tier"] = "front" });
        var back = await SeedAsync(ContainerState.Running, "back", new() { ["tier"] = "back" });
        var created = await SeedAsync(ContainerState.Created, "created");
        var exited = await SeedAsync(ContainerState.Exited, "exited");
        var vanished = await SeedAsync(ContainerState.Running, "vanished");
        _cgroups.Missing.Add(CgroupOf(vanished));
        var collector = NewCollector();

        Ids(collector.Containers(new ContainerFilter())).ShouldBe([front.Id, back.Id, created.Id], ignoreOrder: true);
        Ids(collector.Containers(new ContainerFilter { Labels = new Dictionary<string, string> { ["tier"] = "back" } })).ShouldBe([back.Id]);
        Ids(collector.Containers(new ContainerFilter { Id = front.Id[..8] })).ShouldBe([front.Id]);
        Ids(collector.Containers(new ContainerFilter { SandboxId = _host.Sandbox.Id })).Count.ShouldBe(3);
        Ids(collector.Containers(new ContainerFilter { SandboxId = "f00" })).ShouldBeEmpty();
        Ids(collector.Containers(new ContainerFilter { Id = exited.Id })).ShouldBeEmpty();

        var exitedStats = collector.Container(exited.Id);
        exitedStats.Attributes.Id.ShouldBe(exited.Id);
        exitedStats.Cpu.ShouldBeNull();
        exitedStats.Memory.ShouldBeNull();
        collector.Container(vanished.Id).Cpu.ShouldBeNull("its cgroup went away: reported without counters, not an error");
        Should.Throw<ContainerException>(() => collector.Container(new string('9', 64))).Kind.ShouldBe(ContainerErrorKind.NotFound);
    }

    [Fact]
    public async Task Pod_NoCgroupParent_SumOfContainersAndNetwork()
    {
        var a = await SeedAsync(ContainerState.Running, "a");
        var b = await SeedAsync(ContainerState.Running, "b");
        _cgroups.Cpu[CgroupOf(a)] = 3 * Second;
        _cgroups.Cpu[CgroupOf(b)] = 4 * Second;
        var collector = NewCollector();

        var stats = await collector.PodAsync(_host.Sandbox.Id);

        stats.Attributes.Id.ShouldBe(_host.Sandbox.Id);
        stats.Linux.Cpu.UsageCoreNanoSeconds.Value.ShouldBe((ulong)(7 * Second));
        stats.Linux.Memory.UsageBytes.Value.ShouldBe(2 * FakeCgroups.Memory);
        stats.Linux.Containers.Select(c => c.Attributes.Id).ShouldBe([a.Id, b.Id], ignoreOrder: true);
        stats.Linux.Network.DefaultInterface.Name.ShouldBe("eth0");
        _network.Reads.ShouldBe([_host.Sandbox.NetworkNamespacePath!]);
        await Should.ThrowAsync<SandboxException>(() => collector.PodAsync(new string('8', 64)));
    }

    [Fact]
    public async Task CollectionPeriod_Set_AnswersFromTheLastCollection()
    {
        var running = await SeedAsync(ContainerState.Running);
        _host.Config.Current = _host.Config.Current with { Stats = new StatsConfig { CollectionPeriod = 10 } };
        using var collector = NewCollector();
        collector.Start();
        _cgroups.Cpu[CgroupOf(running)] = 1 * Second;
        await collector.RefreshAllAsync();
        _cgroups.Cpu[CgroupOf(running)] = 5 * Second;

        var cached = collector.Container(running.Id);
        _host.Time.UtcNow += TimeSpan.FromSeconds(10);
        await collector.RefreshAllAsync();
        var refreshed = collector.Container(running.Id);

        cached.Cpu.UsageCoreNanoSeconds.Value.ShouldBe((ulong)Second, "the value of the last collection, not a new read");
        refreshed.Cpu.UsageCoreNanoSeconds.Value.ShouldBe((ulong)(5 * Second));
        refreshed.Cpu.UsageNanoCores.Value.ShouldBe(400_000_000UL);
    }

    private static List<string> Ids(IReadOnlyList<Runtime.V1.ContainerStats> stats) => [.. stats.Select(s => s.Attributes.Id)];

    private string CgroupOf(Container container) => CgroupLocator.Container("cgroupfs", _host.Sandbox.CgroupParent, container.Id);

    private async Task<Container> SeedAsync(ContainerState state, string name = "app", Dictionary<string, string>? labels = null)
    {
        var container = _host.Seed(state, name: name);
        if (labels is not null)
        {
            container = container with { Labels = labels };
            new Crisp.Core.State.ContainerStore(_host.Paths.Root).Save(container);
        }

        await _host.RestartAsync();
        return container;
    }

    private StatsCollector NewCollector()
    {
        var sandboxes = new SandboxManager(
            _host.Config, _host.Sandboxes, new Crisp.Core.State.NameRegistry(), _host.Paths, _pods.Namespaces, _pods.Network, _pods.Shm, _pods.Infra,
            [_pods.Containers], _host.Time, _pods.PodEvents, NullLogger<SandboxManager>.Instance);
        return new StatsCollector(
            _host.Config, sandboxes, _host.Manager, new ContainerFileSystems(_host.Layers, _host.Paths), _host.Paths, _cgroups, _network, _host.Time,
            NullLogger<StatsCollector>.Instance);
    }

    private sealed class FakeCgroups : ICgroupStatsReader
    {
        public const ulong Memory = 1000;

        public Dictionary<string, ulong> Cpu { get; } = [];

        public HashSet<string> Missing { get; } = [];

        public CgroupSample? Read(string cgroupPath, long timestamp) =>
            Missing.Contains(cgroupPath) || !cgroupPath.Contains("crisp-", StringComparison.Ordinal)
                ? null
                : new CgroupSample { Timestamp = timestamp, CpuUsageNanoseconds = Cpu.GetValueOrDefault(cgroupPath), MemoryUsageBytes = Memory, Processes = 1 };
    }

    private sealed class FakeNetwork : INetworkStatsReader
    {
        public List<string> Reads { get; } = [];

        public Task<IReadOnlyList<InterfaceCounters>> ReadAsync(string namespacePath)
        {
            Reads.Add(namespacePath);
            return Task.FromResult<IReadOnlyList<InterfaceCounters>>([new("lo", 1, 1, 0, 0, 1, 1, 0, 0), new("eth0", 10, 1, 0, 0, 20, 2, 0, 0)]);
        }
    }
}
