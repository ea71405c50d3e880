namespace Crisp.Oci.Runtime;

/// <summary>
/// The OCI runtime seam: container processes created, signalled and removed through a monitor (conmon) and
/// a runtime (runc). Everything is addressed by container id; nothing is kept in memory, so a restarted
/// daemon can drive containers it created before. Exits are reported by <see cref="ExitMonitor"/>.
/// </summary>
public interface IOciRuntime
{
    /// <summary>Creates the container (conmon + <c>runc create</c>) and returns once its init process waits to start.</summary>
    Task<CreatedContainer> CreateAsync(ContainerCreateOptions options, CancellationToken cancellationToken = default);

    /// <summary><c>runc start</c>: runs the process of a created container.</summary>
    Task StartAsync(string id, CancellationToken cancellationToken = default);

    /// <summary><c>runc state</c>; null when the runtime does not know the container.</summary>
    Task<OciContainerState?> StateAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Every container under the runtime root.</summary>
    Task<IReadOnlyList<OciContainerState>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary><c>runc kill</c>; <paramref name="all"/> signals every process of the container.</summary>
    Task KillAsync(string id, int signal, bool all = false, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends <paramref name="stopSignal"/>, waits up to <paramref name="timeout"/> for the init process to exit,
    /// then SIGKILLs it. Returns when the process is gone. A stopped or unknown container is not an error.
    /// </summary>
    Task StopAsync(string id, TimeSpan timeout, int stopSignal = 15, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>runc delete</c> (with <paramref name="force"/>, kills a running container first) and removes the
    /// exit file, persist directory and attach link. An unknown container is not an error.
    /// </summary>
    Task DeleteAsync(string id, bool force = false, CancellationToken cancellationToken = default);

    /// <summary>The exit conmon recorded for the container (its exit file and OOM marker); null while there is none.</summary>
    ContainerExit? ReadExit(string id);

    /// <summary><c>runc update --resources -</c> with an OCI <c>linux.resources</c> JSON object.</summary>
    Task UpdateResourcesAsync(string id, string resourcesJson, CancellationToken cancellationToken = default);

    Task PauseAsync(string id, CancellationToken cancellationToken = default);

    Task ResumeAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Asks conmon to reopen the CRI log (after the kubelet rotated it) and waits until the file is back.</summary>
    Task ReopenLogAsync(string id, string logPath, CancellationToken cancellationToken = default);

    /// <summary>Resizes the container's terminal through conmon's control fifo.</summary>
    Task ResizeTerminalAsync(string id, ushort width, ushort height, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs <paramref name="command"/> in the running container and collects its output (each stream capped)
    /// and exit code. A timeout of zero means none; a command running longer is killed (see <see cref="ExecSyncResult"/>).
    /// </summary>
    Task<ExecSyncResult> ExecSyncAsync(string id, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts <paramref name="command"/> in the running container with live streams (<c>runc exec</c> in the
    /// foreground): pipes, or a terminal when <see cref="ExecStreams.Tty"/> is set. The caller owns the session.
    /// </summary>
    Task<IExecSession> ExecAsync(string id, IReadOnlyList<string> command, ExecStreams streams, CancellationToken cancellationToken = default);

    /// <summary>Connects to the container's output and stdin through conmon's attach socket.</summary>
    Task<IAttachSession> AttachAsync(string id, CancellationToken cancellationToken = default);
}
