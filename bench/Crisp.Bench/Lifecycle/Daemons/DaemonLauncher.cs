using Crisp.Bench.Lifecycle.Host;

namespace Crisp.Bench.Lifecycle.Daemons;

/// <summary>Starts the contestant's daemon on a fresh directory.</summary>
internal static class DaemonLauncher
{
    public static async Task<ICriDaemon> StartAsync(ContestantSpec spec, string directory, DaemonSettings settings, BenchNetwork network, CancellationToken ct) =>
        spec.Kind switch
        {
            RuntimeKind.Crisp => await CrispDaemon.StartAsync(spec, directory, settings, network, ct),
            RuntimeKind.Containerd => await ContainerdDaemon.StartAsync(spec, directory, settings, network, ct),
            _ => throw new ArgumentOutOfRangeException(nameof(spec)),
        };
}
