namespace Crisp.Core.Stats;

/// <summary>Reads the interface counters of a pod's network namespace.</summary>
public interface INetworkStatsReader
{
    /// <summary>The interfaces in the namespace pinned at <paramref name="namespacePath"/>; throws when it cannot be entered.</summary>
    Task<IReadOnlyList<InterfaceCounters>> ReadAsync(string namespacePath);
}
