namespace Crisp.Images.Registry;

/// <summary>
/// A cancellation token that fires when the caller cancels or when a restartable timer (driven by a
/// <see cref="TimeProvider"/>) runs out; tells the two apart afterwards.
/// </summary>
internal sealed class TimeoutScope : IDisposable
{
    private readonly CancellationTokenSource _timer;
    private readonly CancellationTokenSource _linked;
    private readonly CancellationToken _outer;

    public TimeoutScope(TimeSpan timeout, TimeProvider timeProvider, CancellationToken outer)
    {
        _outer = outer;
        _timer = new CancellationTokenSource(System.Threading.Timeout.InfiniteTimeSpan, timeProvider);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(outer, _timer.Token);
        Restart(timeout);
    }

    public CancellationToken Token => _linked.Token;

    /// <summary>The timeout last armed.</summary>
    public TimeSpan Timeout { get; private set; }

    /// <summary>True when the timer (not the caller) cancelled <see cref="Token"/>.</summary>
    public bool TimedOut => _timer.IsCancellationRequested && !_outer.IsCancellationRequested;

    public static bool IsEnabled(TimeSpan timeout) => timeout > TimeSpan.Zero && timeout != System.Threading.Timeout.InfiniteTimeSpan;

    /// <summary>The smallest enabled timeout of the two, or zero when neither is enabled.</summary>
    public static TimeSpan Shortest(TimeSpan a, TimeSpan b) =>
        !IsEnabled(a) ? (IsEnabled(b) ? b : TimeSpan.Zero)
        : !IsEnabled(b) ? a
        : a < b ? a : b;

    /// <summary>Arms the timer to fire <paramref name="timeout"/> from now, or disarms it when the timeout is not enabled.</summary>
    public void Restart(TimeSpan timeout)
    {
        Timeout = timeout;
        if (!_timer.IsCancellationRequested)
        {
            _timer.CancelAfter(IsEnabled(timeout) ? timeout : System.Threading.Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Disarms the timer (a fired timer stays fired).</summary>
    public void Pause()
    {
        if (!_timer.IsCancellationRequested)
        {
            _timer.CancelAfter(System.Threading.Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        _linked.Dispose();
        _timer.Dispose();
    }
}
