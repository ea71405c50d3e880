namespace Crisp.Oci.Runtime;

/// <summary>
/// The outcome of <see cref="IOciRuntime.ExecSyncAsync"/>. When the command ran past its timeout it was
/// killed, <see cref="TimedOut"/> is true, the exit code is -1 and stderr says "command timed out" — what
/// CRI-O answers, so the kubelet's probes fail instead of going Unknown.
/// </summary>
public sealed record ExecSyncResult(byte[] Stdout, byte[] Stderr, int ExitCode, bool TimedOut = false);
