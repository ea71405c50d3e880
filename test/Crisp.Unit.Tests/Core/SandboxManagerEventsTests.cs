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
}
