using Runtime.V1;
using Shouldly;

namespace Crisp.Unit.Tests.Core;

/// <summary>The events <see cref="Crisp.Core.Sandboxes.SandboxManager"/> publishes: the pod's id stands for its (infra) container, as in CRI-O.</summary>
public sealed class SandboxManagerEventsTests : IDisposable
{
    private readonly SandboxManagerHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task RunStopRemove_CreatedStartedStoppedDeleted_WithThePodStatusOfEachMoment()
    {
        using var subscription = _host.Events.Subscribe();

        var id = await _host.Manager.RunAsync(SandboxPlannerTests.Config(), null);
        await _host.Manager.StopAsync(id, CancellationToken.None);
        await _host.Manager.StopAsync(id, CancellationToken.None);
        await _host.Manager.RemoveAsync(id, CancellationToken.None);
        await _host.Manager.RemoveAsync(id, CancellationToken.None);

        var events = new List<ContainerEventResponse>();
        while (subscription.Reader.TryRead(out var e))
        {
            events.Add(e);
        }

        events.Select(e => e.ContainerEventType).ShouldBe([
            ContainerEventType.ContainerCreatedEvent,
            ContainerEventType.ContainerStartedEvent,
            ContainerEventType.ContainerStoppedEvent,
            ContainerEventType.ContainerDeletedEvent,
        ]);
        events.ShouldAllBe(e => e.ContainerId == id && e.PodSandboxStatus.Id == id && e.PodSandboxStatus.Metadata.Name == "nginx-sandbox");
        events.Select(e => e.PodSandboxStatus.State).ShouldBe([
            PodSandboxState.SandboxReady, PodSandboxState.SandboxReady, PodSandboxState.SandboxNotready, PodSandboxState.SandboxNotready,
        ]);
        events[0].PodSandboxStatus.Network.Ip.ShouldBe("10.0.0.5");
        events[2].PodSandboxStatus.Network.Ip.ShouldBeEmpty();
    }

    [Fact]
    public async Task InfraExitAndRestoreNotReady_PublishStopped()
    {
        var shared = SandboxPlannerTests.Config(c => c.Metadata.Name = "shared");
        shared.Linux.SecurityContext = new LinuxSandboxSecurityContext { NamespaceOptions = new NamespaceOption { Pid = NamespaceMode.Pod } };
        var infraExits = await _host.Manager.RunAsync(shared, null);
        var netnsGone = await _host.Manager.RunAsync(SandboxPlannerTests.Config(c => c.Metadata.Name = "netns-gone"), null);
        using var subscription = _host.Events.Subscribe();

        await _host.Manager.OnContainerExitedAsync(infraExits);
        _host.Namespaces.Pinned.Remove(_host.Manager.Get(netnsGone).NetworkNamespacePath!);
        await _host.Restart().RestoreAsync(CancellationToken.None);

        var events = new List<ContainerEventResponse>();
        while (subscription.Reader.TryRead(out var e))
        {
            events.Add(e);
        }

        events.Select(e => (e.ContainerId, e.ContainerEventType, e.PodSandboxStatus.State)).ShouldBe([
            (infraExits, ContainerEventType.ContainerStoppedEvent, PodSandboxState.SandboxNotready),
            (netnsGone, ContainerEventType.ContainerStoppedEvent, PodSandboxState.SandboxNotready),
        ]);
    }
}
