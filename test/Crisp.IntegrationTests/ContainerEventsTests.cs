using Crisp.IntegrationTests.Harness;
using Crisp.IntegrationTests.Harness.Pods;
using Grpc.Core;
using Runtime.V1;
using Shouldly;

namespace Crisp.IntegrationTests;

/// <summary>
/// GetContainerEvents against the real daemon: the stream the kubelet's evented PLEG reads (<c>enable_pod_events</c>),
/// for a pod and a container going through their whole life with real runc, conmon and CNI.
/// </summary>
public sealed class ContainerEventsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<PodTestHost> StartAsync() => PodTestHost.StartWithBusyboxAsync(files =>
        File.WriteAllText(Path.Combine(files.ConfigDir, "50-events.conf"), "[crio.runtime]\nenable_pod_events = true\n"));

    [Fact]
    public async Task FullLifecycle_TwoSubscribers_BothSeeEveryEventInOrder_WithThePodAndContainerStatuses()
    {
        await using var host = await StartAsync();
        await using var first = await EventStream.OpenAsync(host);
        await using var second = await EventStream.OpenAsync(host);

        var pod = await host.RunPodAsync();
        var id = await host.CreateContainerAsync(pod, ContainerConfigs.Shell(host.Busybox, "app", ContainerConfigs.UntilTerm));
        await host.StartContainerAsync(id);
        await host.StopContainerAsync(id);
        await host.RemoveContainerAsync(id);
        await host.StopAsync(pod.Id);
        await host.RemoveAsync(pod.Id);

        // A second pod afterwards: its first event right after the eight shows that nothing else came in between.
        var marker = await host.RunPodAsync("marker");

        (string Id, ContainerEventType Type)[] expected =
        [
            (pod.Id, ContainerEventType.ContainerCreatedEvent),
            (pod.Id, ContainerEventType.ContainerStartedEvent),
            (id, ContainerEventType.ContainerCreatedEvent),
            (id, ContainerEventType.ContainerStartedEvent),
            (id, ContainerEventType.ContainerStoppedEvent),
            (id, ContainerEventType.ContainerDeletedEvent),
            (pod.Id, ContainerEventType.ContainerStoppedEvent),
            (pod.Id, ContainerEventType.ContainerDeletedEvent),
            (marker.Id, ContainerEventType.ContainerCreatedEvent),
        ];
        foreach (var stream in new[] { first, second })
        {
            var events = await stream.TakeAsync(expected.Length);
            events.Select(e => (e.ContainerId, e.ContainerEventType)).ShouldBe(expected);
            events.Select(e => e.CreatedAt).ShouldBeInOrder();
            events.Take(8).ShouldAllBe(e => e.PodSandboxStatus.Id == pod.Id && e.PodSandboxStatus.Metadata.Uid == pod.Config.Metadata.Uid);

            var podStates = events.Take(8).Select(e => e.PodSandboxStatus.State).ToArray();
            podStates.ShouldBe([
                PodSandboxState.SandboxReady, PodSandboxState.SandboxReady, PodSandboxState.SandboxReady, PodSandboxState.SandboxReady,
                PodSandboxState.SandboxReady, PodSandboxState.SandboxReady, PodSandboxState.SandboxNotready, PodSandboxState.SandboxNotready,
            ]);
            events[1].PodSandboxStatus.Network.Ip.ShouldNotBeNullOrEmpty("the pod's address is in the started event");

            events[0].ContainersStatuses.ShouldBeEmpty();
            events[2].ContainersStatuses.ShouldHaveSingleItem().State.ShouldBe(ContainerState.ContainerCreated);
            var running = events[3].ContainersStatuses.ShouldHaveSingleItem();
            running.Id.ShouldBe(id);
            running.State.ShouldBe(ContainerState.ContainerRunning);
            running.Metadata.Name.ShouldBe("app");
            var stopped = events[4].ContainersStatuses.ShouldHaveSingleItem();
            stopped.State.ShouldBe(ContainerState.ContainerExited);
            stopped.ExitCode.ShouldBe(0, "the trap exits 0 on SIGTERM");
            stopped.FinishedAt.ShouldBeGreaterThanOrEqualTo(stopped.StartedAt);
            events[5].ContainersStatuses.ShouldBeEmpty();
            events[6].ContainersStatuses.ShouldBeEmpty();
            events[7].ContainersStatuses.ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task ContainerExitsByItself_StoppedWithItsExitCode()
    {
        await using var host = await StartAsync();
        var pod = await host.RunPodAsync();
        await using var stream = await EventStream.OpenAsync(host);

        var id = await host.RunContainerAsync(pod, ContainerConfigs.Shell(host.Busybox, "quitter", "exit 3"));

        var events = await stream.TakeAsync(3);
        events.Select(e => (e.ContainerId, e.ContainerEventType)).ShouldBe([
            (id, ContainerEventType.ContainerCreatedEvent),
            (id, ContainerEventType.ContainerStartedEvent),
            (id, ContainerEventType.ContainerStoppedEvent),
        ]);
        var exited = events[2].ContainersStatuses.ShouldHaveSingleItem();
        exited.State.ShouldBe(ContainerState.ContainerExited);
        exited.ExitCode.ShouldBe(3);
        exited.Reason.ShouldBe("Error");
        events[2].PodSandboxStatus.State.ShouldBe(PodSandboxState.SandboxReady);
        (await host.ContainerStatusAsync(id)).ExitCode.ShouldBe(3);
    }

    [Fact]
    public async Task PodEventsDisabled_StreamEndsAtOnceWithNoEvents_AsCrio()
    {
        await using var daemon = await CrispDaemon.StartAsync();
        using var call = daemon.Runtime.GetContainerEvents(new GetEventsRequest(), cancellationToken: Ct);

        (await call.ResponseStream.MoveNext(Ct)).ShouldBeFalse();
        call.GetStatus().StatusCode.ShouldBe(StatusCode.OK);
    }

    /// <summary>An open GetContainerEvents call, subscribed (its response headers arrived) before the test acts.</summary>
    private sealed class EventStream : IAsyncDisposable
    {
        private readonly CancellationTokenSource _cancel;
        private readonly AsyncServerStreamingCall<ContainerEventResponse> _call;

        private EventStream(CancellationTokenSource cancel, AsyncServerStreamingCall<ContainerEventResponse> call)
        {
            _cancel = cancel;
            _call = call;
        }

        public static async Task<EventStream> OpenAsync(PodTestHost host)
        {
            var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            var call = host.Runtime.GetContainerEvents(new GetEventsRequest(), cancellationToken: cancel.Token);
            await call.ResponseHeadersAsync;
            return new EventStream(cancel, call);
        }

        /// <summary>The next <paramref name="count"/> events; a stream that stalls for minutes fails the test instead of hanging it.</summary>
        public async Task<List<ContainerEventResponse>> TakeAsync(int count)
        {
            using var guard = CancellationTokenSource.CreateLinkedTokenSource(_cancel.Token);
            guard.CancelAfter(TimeSpan.FromMinutes(2));
            var events = new List<ContainerEventResponse>();
            while (events.Count < count)
            {
                (await _call.ResponseStream.MoveNext(guard.Token)).ShouldBeTrue($"the stream ended after {events.Count} events");
                events.Add(_call.ResponseStream.Current);
            }

            return events;
        }

        public async ValueTask DisposeAsync()
        {
            await _cancel.CancelAsync();
            _call.Dispose();
            _cancel.Dispose();
        }
    }
}
