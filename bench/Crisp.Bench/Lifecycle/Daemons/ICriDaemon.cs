using Runtime.V1;

namespace Crisp.Bench.Lifecycle.Daemons;

/// <summary>
/// A CRI daemon the bench started, reached through the same generated Runtime.V1 client over one gRPC channel on its
/// Unix socket (as the kubelet keeps one connection).
/// </summary>
internal interface ICriDaemon : IAsyncDisposable
{
    ContestantSpec Spec { get; }

    /// <summary>The contestant's directory: everything the daemon keeps is below it.</summary>
    string Directory { get; }

    int Pid { get; }

    bool HasExited { get; }

    /// <summary>From spawn until the first Version call on the socket was answered.</summary>
    TimeSpan SocketReadyTime { get; }

    RuntimeService.RuntimeServiceClient Runtime { get; }

    ImageService.ImageServiceClient Images { get; }

    /// <summary>The runc roots its containers live in (for leftover cleanup).</summary>
    IReadOnlyList<string> RuncRoots { get; }

    /// <summary>What the daemon printed (the tail).</summary>
    string Output { get; }

    /// <summary>The per-container monitor processes alive now (conmon / containerd-shim-runc-v2 of this daemon).</summary>
    IReadOnlyList<int> MonitorPids();

    /// <summary>SIGTERM by pid, SIGKILL after a grace period; returns once it is reaped.</summary>
    Task StopAsync();
}
