using Crisp.Linux;

namespace Crisp.Core.Stats;

/// <summary>
/// Enters the pod's network namespace on a thread of its own and reads <c>/proc/thread-self/net/dev</c>, which shows
/// the calling thread's namespace. (<c>/sys/class/net</c> would not do: sysfs shows the namespace of whoever mounted it,
/// and <c>/proc/self/net</c> that of the process's main thread.)
/// </summary>
public sealed class NamespaceNetworkStatsReader : INetworkStatsReader
{
    public Task<IReadOnlyList<InterfaceCounters>> ReadAsync(string namespacePath) =>
        NamespaceThread.RunAsync(namespacePath, NamespaceThread.Network, () => InterfaceCounters.ParseNetDev(File.ReadAllText("/proc/thread-self/net/dev")));
}
