using Crisp.Core.Events;
using Runtime.V1;
using Shouldly;

namespace Crisp.Unit.Tests.Core.Events;

public sealed class ContainerEventsTests
{
    private static ContainerEventResponse Event(int n) =>
        new() { ContainerId = $"c{n}", ContainerEventType = ContainerEventType.ContainerStartedEvent, CreatedAt = n };

    private static List<string> Drain(ContainerEventSubscription subscription)
    {
        var ids = new List<string>();
        while (subscription.Reader.TryRead(out var e))
        {
            ids.Add(e.ContainerId);
        }

        return ids;
    }

    [Fact]
    public void Publish_EverySubscriberGetsEveryEventInOrder()
    {
        var events = new ContainerEvents();
        using var first = events.Subscribe();
        using var second = events.Subscribe();

        for (var i = 0; i < 5; i++)
        {
            events.Publish(Event(i));
        }

        Drain(first).ShouldBe(["c0", "c1", "c2", "c3", "c4"]);
        Drain(second).ShouldBe(["c0", "c1", "c2", "c3", "c4"]);
        events.Dropped.ShouldBe(0);
    }

    [Fact]
    public void Publish_NoSubscribers_NothingQueuedNothingDropped()
    {
        var events = new ContainerEvents();

        events.Publish(Event(1));

        events.HasSubscribers.ShouldBeFalse();
        events.Dropped.ShouldBe(0);
    }

    [Fact]
    public void Subscribe_SeesOnlyLaterEvents()
    {
        var events = new ContainerEvents();
        events.Publish(Event(1));
        using var late = events.Subscribe();
        events.Publish(Event(2));

        Drain(late).ShouldBe(["c2"]);
    }

    [Fact]
    public void Publish_SlowSubscriberFull_DropsForItOnlyAndCounts()
    {
        var events = new ContainerEvents();
        using var slow = events.Subscribe(capacity: 2);
        using var fast = events.Subscribe(capacity: 100);

        // Publishing returns although the slow subscriber never reads: its events beyond its buffer are dropped.
        for (var i = 0; i < 10; i++)
        {
            events.Publish(Event(i));
        }

        Drain(slow).ShouldBe(["c0", "c1"]);
        Drain(fast).Count.ShouldBe(10);
        slow.Dropped.ShouldBe(8);
        fast.Dropped.ShouldBe(0);
        events.Dropped.ShouldBe(8);

        // Once it has caught up it receives again.
        events.Publish(Event(10));
        Drain(slow).ShouldBe(["c10"]);
        events.Dropped.ShouldBe(8);
    }

    [Fact]
    public void Publish_DefaultCapacity_IsCriOsThousand()
    {
        var events = new ContainerEvents();
        using var subscription = events.Subscribe();

        for (var i = 0; i < ContainerEvents.DefaultCapacity + 5; i++)
        {
            events.Publish(Event(i));
        }

        events.Dropped.ShouldBe(5);
        Drain(subscription).Count.ShouldBe(ContainerEvents.DefaultCapacity);
    }

    [Fact]
    public async Task Dispose_Unsubscribes_AndCompletesTheReader()
    {
        var events = new ContainerEvents();
        var subscription = events.Subscribe(capacity: 1);
        events.Publish(Event(1));

        subscription.Dispose();
        events.Publish(Event(2));
        events.Publish(Event(3));

        events.HasSubscribers.ShouldBeFalse();
        events.Dropped.ShouldBe(0);
        var left = new List<string>();
        await foreach (var e in subscription.Reader.ReadAllAsync(TestContext.Current.CancellationToken))
        {
            left.Add(e.ContainerId);
        }

        left.ShouldBe(["c1"]);
    }

    [Fact]
    public async Task Publish_ConcurrentPublishers_AllSubscribersSeeTheSameOrder()
    {
        var events = new ContainerEvents();
        using var first = events.Subscribe(capacity: 10_000);
        using var second = events.Subscribe(capacity: 10_000);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(p => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                events.Publish(Event((p * 1000) + i));
            }
        }, TestContext.Current.CancellationToken)));

        var seenByFirst = Drain(first);
        seenByFirst.Count.ShouldBe(2000);
        Drain(second).ShouldBe(seenByFirst);
        for (var p = 0; p < 4; p++)
        {
            var mine = seenByFirst.Where(id => int.Parse(id[1..], System.Globalization.CultureInfo.InvariantCulture) / 1000 == p).ToList();
            mine.ShouldBe([.. Enumerable.Range(p * 1000, 500).Select(n => $"c{n}")]);
        }
    }

    [Fact]
    public void Subscribe_ZeroCapacity_Rejected() =>
        Should.Throw<ArgumentOutOfRangeException>(() => new ContainerEvents().Subscribe(capacity: 0));
}
