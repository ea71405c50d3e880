using Crisp.Bench.Lifecycle.Host;

namespace Crisp.Bench.Lifecycle.Phases;

/// <summary>
/// Resident memory: the daemon idle 2 s after it answered on its socket, and idle 2 s after the lifecycles (no pod
/// left); the monitor processes of one pod with one running container (crisp: a conmon per container, plus one for the
/// pause container when there is one; containerd: one shim per pod); the daemon's VmRSS after each lifecycle.
/// </summary>
internal sealed record MemoryReport(MemoryUse DaemonAfterStart, MemoryUse? DaemonAfterLifecycles, MemoryUse? MonitorsOnePod,
    IReadOnlyList<double>? DaemonVmRssAfterEachLifecycleMib = null);
