using Crisp.Config;
using Crisp.Core.Containers;
using Crisp.Core.Events;
using Crisp.Core.Sandboxes;
using Crisp.Core.State;
using Crisp.Oci.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using Runtime.V1;
using Shouldly;
using static Crisp.Unit.Tests.Core.ContainerManagerHost;
using ContainerState = Crisp.Core.Containers.ContainerState;

namespace Crisp.Unit.Tests.Core;

/// <summary>The events and the pause/unpause of <see cref="ContainerManager"/> (its other operations: <see cref="ContainerManagerTests"/>).</summary>
public sealed class ContainerManagerEventsTests : IDisposable
{
    private readonly ContainerManagerHost _host = new();

    public void Dispose() => _host.Dispose();

    private static CancellationToken None => CancellationToken.None;

    private async Task<Crisp.Core.Containers.Container> SeedAsync(ContainerState state)
    {
        var seeded = _host.Seed(state);
        if (state == ContainerState.Created)
        {
            _host.Runtime.States[seeded.Id] = new OciContainerState(seeded.Id, OciContainerStatus.Created, seeded.Pid, seeded.BundleDirectory, Now);
        }

        await _host.RestartAsync();
        _host.TakeCalls();
        return _host.Manager.Get(seeded.Id);
    }

    private static List<ContainerEventResponse> Drain(ContainerEventSubscription subscription)
    {
        var events = new List<ContainerEventResponse>();
        while (subscription.Reader.TryRead(out var e))
        {
            events.Add(e);
        }

        return events;
    }

    [Fact]
    public async Task StartExitRemove_PublishStartedStoppedDeleted_WithThePodAndItsContainers()
    {
        var container = await SeedAsync(ContainerState.Created);
        using var subscription = _host.Events.Subscribe();

        await _host.Manager.StartAsync(container.Id, None);
        _host.Runtime.Exit(container.Id, 3, finishedAt: Now.AddMinutes(1));
        await _host.Manager.OnContainerExitedAsync(container.Id);
        await _host.Manager.RemoveAsync(container.Id, None);

        var events = Drain(subscription);
        events.Select(e => e.ContainerEventType).ShouldBe(
            [ContainerEventType.ContainerStartedEvent, ContainerEventType.ContainerStoppedEvent, ContainerEventType.ContainerDeletedEvent]);
        events.ShouldAllBe(e => e.ContainerId == container.Id && e.PodSandboxStatus.Id == _host.Sandbox.Id);
        events.ShouldAllBe(e => e.PodSandboxStatus.Metadata.Uid == _host.Sandbox.Metadata.Uid);
        events.ShouldAllBe(e => e.CreatedAt == Nanoseconds(Now));
        events[0].ContainersStatuses.Single().State.ShouldBe(Runtime.V1.ContainerState.ContainerRunning);
        events[1].ContainersStatuses.Single().State.ShouldBe(Runtime.V1.ContainerState.ContainerExited);
        events[1].ContainersStatuses.Single().ExitCode.ShouldBe(3);
        events[2].ContainersStatuses.ShouldBeEmpty();
    }

    [Fact]
    public async Task Stop_PublishesStoppedOnce()
    {
        var container = await SeedAsync(ContainerState.Running);
        _host.Runtime.ExitCodeOnStop = 137;
        using var subscription = _host.Events.Subscribe();

        await _host.Manager.StopAsync(container.Id, TimeSpan.Zero, None);
        await _host.Manager.StopAsync(container.Id, TimeSpan.Zero, None);
        await _host.Manager.OnContainerExitedAsync(container.Id);

        var stopped = Drain(subscription).ShouldHaveSingleItem();
        stopped.ContainerEventType.ShouldBe(ContainerEventType.ContainerStoppedEvent);
        stopped.ContainersStatuses.Single().ExitCode.ShouldBe(137);
    }

    [Fact]
    public async Task PodEventsDisabled_NothingPublished()
    {
        var container = await SeedAsync(ContainerState.Running);
        var events = new ContainerEvents();
        var podEvents = new PodEvents(
            new SandboxManagerHost.ConfigSource(CrispDefaults.Create(systemd: false)), events, _host.Sandboxes, _host.Store, _host.Time, NullLogger<PodEvents>.Instance);
        using var subscription = events.Subscribe();

        podEvents.ContainerChanged(container, ContainerEventType.ContainerStartedEvent);
        podEvents.SandboxChanged(_host.Sandbox, ContainerEventType.ContainerStoppedEvent);

        Drain(subscription).ShouldBeEmpty();
    }

    [Fact]
    public async Task ContainerOfAGonePod_NothingPublished()
    {
        var container = await SeedAsync(ContainerState.Running);
        using var subscription = _host.Events.Subscribe();
        _host.Sandboxes.Remove(_host.Sandbox.Id);

        await _host.Manager.StopAsync(container.Id, TimeSpan.Zero, None);

        Drain(subscription).ShouldBeEmpty();
    }

    // Pause and unpause

    [Fact]
    public async Task PauseThenResume_RuncPauseAndResume_RecordedAndStillRunningForTheCri()
    {
        var container = await SeedAsync(ContainerState.Running);

        var paused = await _host.Manager.PauseAsync(container.Id[..12], None);

        paused.Paused.ShouldBeTrue();
        _host.OnDisk(container.Id)!.Paused.ShouldBeTrue();
        ContainerCriMapping.ToStatus(paused).State.ShouldBe(Runtime.V1.ContainerState.ContainerRunning);

        var resumed = await _host.Manager.ResumeAsync(container.Id, None);

        resumed.Paused.ShouldBeFalse();
        _host.OnDisk(container.Id)!.Paused.ShouldBeFalse();
        _host.TakeCalls().ShouldBe([$"pause {container.Id}", $"resume {container.Id}"]);
    }

    [Fact]
    public async Task Pause_AlreadyPaused_FailedPrecondition()
    {
        var container = await SeedAsync(ContainerState.Running);
        await _host.Manager.PauseAsync(container.Id, None);

        var error = await Should.ThrowAsync<ContainerException>(() => _host.Manager.PauseAsync(container.Id, None));

        error.Kind.ShouldBe(ContainerErrorKind.FailedPrecondition);
        error.Message.ShouldBe($"container {container.Id} is not in running state, now is paused");
    }

    [Theory]
    [InlineData(ContainerState.Created, "created")]
    [InlineData(ContainerState.Exited, "exited")]
    public async Task Pause_NotRunning_FailedPrecondition(ContainerState state, string described)
    {
        var container = await SeedAsync(state);

        var error = await Should.ThrowAsync<ContainerException>(() => _host.Manager.PauseAsync(container.Id, None));

        error.Kind.ShouldBe(ContainerErrorKind.FailedPrecondition);
        error.Message.ShouldBe($"container {container.Id} is not in running state, now is {described}");
        _host.TakeCalls().ShouldNotContain(c => c.StartsWith("pause", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pause_ExitedButNotYetNoticed_ExitAppliedAndFailedPrecondition()
    {
        var container = await SeedAsync(ContainerState.Running);
        _host.Runtime.Exit(container.Id, 0);

        var error = await Should.ThrowAsync<ContainerException>(() => _host.Manager.PauseAsync(container.Id, None));

        error.Kind.ShouldBe(ContainerErrorKind.FailedPrecondition);
        _host.Manager.Get(container.Id).State.ShouldBe(ContainerState.Exited);
    }

    [Fact]
    public async Task Resume_NotPaused_FailedPrecondition()
    {
        var container = await SeedAsync(ContainerState.Running);

        var error = await Should.ThrowAsync<ContainerException>(() => _host.Manager.ResumeAsync(container.Id, None));

        error.Kind.ShouldBe(ContainerErrorKind.FailedPrecondition);
        error.Message.ShouldBe($"container {container.Id} is not in paused state, now is running");
    }

    [Fact]
    public async Task PauseAndResume_UnknownId_NotFound()
    {
        await SeedAsync(ContainerState.Running);

        (await Should.ThrowAsync<ContainerException>(() => _host.Manager.PauseAsync(SandboxIds.New(), None))).Kind.ShouldBe(ContainerErrorKind.NotFound);
        (await Should.ThrowAsync<ContainerException>(() => _host.Manager.ResumeAsync(SandboxIds.New(), None))).Kind.ShouldBe(ContainerErrorKind.NotFound);
    }

    [Fact]
    public async Task ExecSync_Paused_FailedPrecondition()
    {
        var container = await SeedAsync(ContainerState.Running);
        await _host.Manager.PauseAsync(container.Id, None);

        var error = await Should.ThrowAsync<ContainerException>(() => _host.Manager.ExecSyncAsync(container.Id, ["true"], TimeSpan.Zero, None));

        error.Kind.ShouldBe(ContainerErrorKind.FailedPrecondition);
        error.Message.ShouldBe($"ExecSync: container {container.Id} is not running (paused)");
    }

    [Fact]
    public async Task Stop_Paused_StoppedAndNoLongerPaused()
    {
        var container = await SeedAsync(ContainerState.Running);
        await _host.Manager.PauseAsync(container.Id, None);
        _host.Runtime.ExitCodeOnStop = 137;

        await _host.Manager.StopAsync(container.Id, TimeSpan.Zero, None);

        var stopped = _host.Manager.Get(container.Id);
        stopped.State.ShouldBe(ContainerState.Exited);
        stopped.Paused.ShouldBeFalse();
    }
}
