namespace Crisp.Bench.Lifecycle.Daemons;

/// <summary>What every daemon of a run is pointed at: the bench registry (plain HTTP on 127.0.0.1), the pause image pushed there, a log level.</summary>
internal sealed record DaemonSettings(string RegistryHost, string PauseImage, string LogLevel);
