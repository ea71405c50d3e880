namespace Crisp.Oci.Runtime;

/// <summary>
/// A created container: the pid of its init process and of the conmon monitoring it, with conmon's start
/// time (clock ticks since boot, from /proc) so a later check can tell conmon from a process reusing its pid.
/// </summary>
public sealed record CreatedContainer(string Id, int Pid, int MonitorPid, ulong MonitorStartTime);
