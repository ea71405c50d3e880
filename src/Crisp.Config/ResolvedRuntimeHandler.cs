namespace Crisp.Config;

/// <summary>
/// A runtime handler ready to use: binaries found on disk, and the monitor settings after CRI-O's
/// rules (the deprecated <c>conmon</c>, <c>conmon_cgroup</c> and <c>conmon_env</c> override the handler's own).
/// </summary>
/// <param name="Name">The handler's name in <c>crio.runtime.runtimes</c>.</param>
/// <param name="Handler">The configured handler.</param>
/// <param name="RuntimeBinary">Absolute path of the runtime binary.</param>
/// <param name="MonitorBinary">Path of conmon for OCI handlers; "" for handlers without a monitor.</param>
/// <param name="MonitorCgroup">Effective monitor cgroup ("pod" or a systemd slice); "" without a monitor.</param>
/// <param name="MonitorEnv">Effective monitor environment.</param>
public sealed record ResolvedRuntimeHandler(
    string Name,
    RuntimeHandler Handler,
    string RuntimeBinary,
    string MonitorBinary,
    string MonitorCgroup,
    ValueList<string> MonitorEnv);
