using System.Threading.Channels;
using Runtime.V1;

namespace Crisp.Core.Events;

/// <summary>
/// Fans container and pod events out to every subscriber of GetContainerEvents. <see cref="Publish"/> never waits:
/// each subscriber has its own bounded buffer (<see cref="DefaultCapacity"/> events, as CRI-O's channel), and an
/// event that does not fit is dropped for that subscriber and counted in <see cref="Dropped"/>. Every subscriber
/// sees the events in the order they were published.
/// </summary>
public sealed class ContainerEvents
{
    /// <summary>How many events a subscriber may fall behind before its events are dropped (CRI-O's buffer size).</summary>
    public const int DefaultCapacity = 1000;

    private readonly Lock _gate = new();
    private ContainerEventSubscription[] _subscribers = [];
    private long _dropped;

    /// <summary>Events dropped because a subscriber's buffer was full, over all subscribers since the daemon started.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Whether anybody listens (events are only worth building then).</summary>
    public bool HasSubscribers => Volatile.Read(ref _subscribers).Length > 0;

    /// <summary>A new subscriber; it receives the events published from now on until it is disposed.</summary>
    public ContainerEventSubscription Subscribe(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var subscription = new ContainerEventSubscription(this, capacity);
        lock (_gate)
        {
            _subscribers = [.. _subscribers, subscription];
        }

        return subscription;
    }

    /// <summary>Queues the event for every subscriber; never blocks on a slow one.</summary>
    public void Publish(ContainerEventResponse containerEvent)
    {
        ArgumentNullException.ThrowIfNull(containerEvent);

        // The lock only orders concurrent publishers (so all subscribers see one order); writes never wait.
        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
            {
                if (!subscriber.TryQueue(containerEvent))
                {
                    Interlocked.Increment(ref _dropped);
                }
            }
        }
    }

    internal void Unsubscribe(ContainerEventSubscription subscription)
    {
        lock (_gate)
        {
            _subscribers = [.. _subscribers.Where(s => s != subscription)];
        }
    }
}

/// <summary>One GetContainerEvents stream: its buffer of events; dispose it to unsubscribe.</summary>
public sealed class ContainerEventSubscription : IDisposable
{
    private readonly ContainerEvents _owner;
    private readonly Channel<ContainerEventResponse> _buffer;
    private long _dropped;

    internal ContainerEventSubscription(ContainerEvents owner, int capacity)
    {
        _owner = owner;
        _buffer = Channel.CreateBounded<ContainerEventResponse>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Events dropped for this subscriber because its buffer was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>The buffered events, in order; completes when the subscription is disposed.</summary>
    public ChannelReader<ContainerEventResponse> Reader => _buffer.Reader;

    public void Dispose()
    {
        _owner.Unsubscribe(this);
        _buffer.Writer.TryComplete();
    }

    internal bool TryQueue(ContainerEventResponse containerEvent)
    {
        if (_buffer.Writer.TryWrite(containerEvent))
        {
            return true;
        }

        Interlocked.Increment(ref _dropped);
        return false;
    }
}
