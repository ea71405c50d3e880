namespace Crisp.Core.Stats;

/// <summary>
/// Turns cumulative CPU time into a rate: keeps the last sample of each container and pod and answers
/// usage_nano_cores = Δ cpu nanoseconds / Δ wall nanoseconds × 10⁹ (CPU nanoseconds per second; 10⁹ = one core busy).
/// The first sample of an id has no rate.
/// </summary>
public sealed class CpuRate
{
    private readonly Dictionary<string, (long Timestamp, ulong Usage)> _previous = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Records the sample and returns the rate since the previous one, or null for the first or a non-advancing clock.</summary>
    public ulong? Update(string key, long timestamp, ulong? cumulativeNanoseconds)
    {
        if (cumulativeNanoseconds is not { } usage)
        {
            return null;
        }

        lock (_lock)
        {
            var had = _previous.TryGetValue(key, out var previous);
            if (had && timestamp <= previous.Timestamp)
            {
                return null;
            }

            _previous[key] = (timestamp, usage);
            if (!had || usage < previous.Usage)
            {
                return null;
            }

            return (ulong)((double)(usage - previous.Usage) / (timestamp - previous.Timestamp) * 1e9);
        }
    }

    /// <summary>Forgets every key not in <paramref name="live"/> (containers and pods that are gone).</summary>
    public void Retain(IReadOnlySet<string> live)
    {
        lock (_lock)
        {
            foreach (var key in _previous.Keys.Where(k => !live.Contains(k)).ToList())
            {
                _previous.Remove(key);
            }
        }
    }
}
