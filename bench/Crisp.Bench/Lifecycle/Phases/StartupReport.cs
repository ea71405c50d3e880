namespace Crisp.Bench.Lifecycle.Phases;

/// <summary>
/// Daemon starts on an empty state: exec until the first Version call is answered on the socket ("socket ready"), and
/// until Status reports RuntimeReady and NetworkReady; VmRSS after 2 s idle. The main daemon is one of the samples.
/// </summary>
internal sealed record StartupReport(Latency SocketReadyMs, Latency StatusReadyMs, Latency IdleVmRssMib);
