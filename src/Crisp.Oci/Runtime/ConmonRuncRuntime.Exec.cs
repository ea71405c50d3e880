using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Crisp.Linux;

namespace Crisp.Oci.Runtime;

public sealed partial class ConmonRuncRuntime
{
    /// <summary>conmon's sync message when it killed an exec that ran past <c>-T</c>.</summary>
    internal const string TimedOutMessage = "command timed out";

    /// <summary>Extra time conmon gets beyond the exec timeout before we kill the command ourselves.</summary>
    private static readonly TimeSpan _execGrace = TimeSpan.FromSeconds(10);

    public async Task<ExecSyncResult> ExecSyncAsync(string id, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ValidateId(id);
        ArgumentNullException.ThrowIfNull(command);
        var state = await RunningStateAsync(id, cancellationToken).ConfigureAwait(false);

        var scratch = Path.Combine(_options.ExecScratchDirectory, $"crisp-exec-{id}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}");
        Directory.CreateDirectory(scratch, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            var spec = Path.Combine(scratch, "process.json");
            await File.WriteAllTextAsync(spec, ExecProcessSpec.Build(await File.ReadAllTextAsync(Path.Combine(state.Bundle, "config.json"), cancellationToken).ConfigureAwait(false), command), cancellationToken).ConfigureAwait(false);
            var log = Path.Combine(scratch, "exec.log");
            var pidFile = Path.Combine(scratch, "pid");
            var seconds = timeout <= TimeSpan.Zero ? 0 : (int)Math.Min(int.MaxValue, Math.Ceiling(timeout.TotalSeconds));
            var args = ConmonArguments.ForExec(_options, id, spec, log, pidFile, seconds);

            var (sync, status, output) = await RunExecMonitorAsync(id, args, scratch, pidFile, seconds, cancellationToken).ConfigureAwait(false);
            if (sync is { Data: -1, Message: TimedOutMessage })
            {
                RuntimeLog.ExecTimedOut(_logger, id, string.Join(' ', command), timeout);
                return new ExecSyncResult([], Encoding.UTF8.GetBytes(TimedOutMessage), -1, TimedOut: true);
            }

            if (sync is not { } message)
            {
                throw new OciRuntimeException(id, "exec", $"exec failed: conmon exited ({status?.ToString() ?? "status unknown"}) without reporting an exit code{(output.Length > 0 ? ": " + output : "")}");
            }

            if (message.Data < 0)
            {
                var detail = RuntimeErrorText.Describe(message.Message);
                throw new OciRuntimeException(id, "exec", detail.Length > 0 ? $"exec failed: {detail}" : "exec failed");
            }

            var (stdout, stderr) = CriLogFormat.Demultiplex(await ReadCappedAsync(log, cancellationToken).ConfigureAwait(false), _options.MaxExecOutputBytes);
            return new ExecSyncResult(stdout, stderr, message.Data);
        }
        finally
        {
            Try(id, "remove exec scratch", () => Directory.Delete(scratch, recursive: true));
        }
    }

    /// <summary>The runtime's state of a container an exec goes into: it must exist and run.</summary>
    private async Task<OciContainerState> RunningStateAsync(string id, CancellationToken cancellationToken)
    {
        var state = await StateAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new OciRuntimeException(id, "exec", $"container {id} does not exist", notFound: true);
        return state.Status == OciContainerStatus.Running
            ? state
            : throw new OciRuntimeException(id, "exec", $"container {id} is not running (status {state.Status.ToString().ToLowerInvariant()})");
    }

    /// <summary>
    /// Spawns <c>conmon --exec --sync</c>, lets it start and waits for it to exit; returns its sync message.
    /// If conmon outlives the timeout (plus grace) or the caller cancels, the exec'd process is killed.
    /// </summary>
    private async Task<(SyncMessage? Sync, WaitStatus? Status, string Output)> RunExecMonitorAsync(
        string id, List<string> args, string scratch, string pidFile, int timeoutSeconds, CancellationToken cancellationToken)
    {
        var (syncRead, syncWrite) = Pipes.Create();
        var (startRead, startWrite) = Pipes.Create();
        var (outputRead, outputWrite) = Pipes.Create();
        using (syncRead)
        using (startWrite)
        using (outputRead)
        using (var outputCancel = new CancellationTokenSource())
        {
            int conmonPid;
            using (syncWrite)
            using (startRead)
            using (outputWrite)
            {
                conmonPid = ProcessSpawner.Spawn(new SpawnRequest
                {
                    Path = _options.ConmonPath,
                    Arguments = args,
                    Environment = MonitorEnvironment("_OCI_SYNCPIPE=3", "_OCI_STARTPIPE=4"),
                    WorkingDirectory = scratch,
                    Descriptors = new Dictionary<int, SafeHandle> { [1] = outputWrite, [2] = outputWrite, [3] = syncWrite, [4] = startRead },
                });
            }

            // conmon's own complaints (bad options, missing runtime) go to its stdout and stderr.
            var outputTask = Pipes.ReadToEndAsync(outputRead, MaxConmonStderrBytes, outputCancel.Token);

            RuntimeLog.ConmonSpawned(_logger, id, conmonPid, string.Join(' ', args));
            ReleaseStartPipe(startWrite);

            var limit = timeoutSeconds > 0 ? TimeSpan.FromSeconds(timeoutSeconds) + _execGrace : Timeout.InfiniteTimeSpan;
            WaitStatus? status;
            using (var deadline = new CancellationTokenSource(limit, _timeProvider))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken))
            {
                try
                {
                    status = await ProcessReaper.WaitAsync(conmonPid, linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    KillExec(id, pidFile, conmonPid);
                    status = await ProcessReaper.WaitAsync(conmonPid, CancellationToken.None).ConfigureAwait(false);
                    outputCancel.Cancel();
                    await Task.WhenAny(outputTask).ConfigureAwait(false);
                    cancellationToken.ThrowIfCancellationRequested();
                    return (new SyncMessage(-1, TimedOutMessage), status, "");
                }
            }

            // conmon has exited, so the pipe holds everything it wrote and then reads as end of file.
            var sync = await SyncMessage.ReadAsync(syncRead, TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
            var output = await ConmonStderrAsync(outputTask).ConfigureAwait(false);
            outputCancel.Cancel();
            await Task.WhenAny(outputTask).ConfigureAwait(false);
            return (sync, status, output);
        }
    }

    /// <summary>Kills the exec'd process (its pid is in conmon's pid file), then conmon if it lingers.</summary>
    private void KillExec(string id, string pidFile, int conmonPid)
    {
        if (ReadPid(pidFile) is { } execPid)
        {
            Try(id, "kill exec process", () => Processes.Signal(execPid, Processes.SigKill));
        }

        using var conmon = PidFd.TryOpen(conmonPid);
        if (conmon is not null && !conmon.WaitForExit(TimeSpan.FromSeconds(5)))
        {
            conmon.Signal(Processes.SigKill);
        }
    }

    private async Task<byte[]> ReadCappedAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        // Each stream keeps MaxExecOutputBytes; the log adds a timestamp and tags per line on top.
        var handle = File.OpenHandle(path);
        using (handle)
        {
            var length = (int)Math.Min(RandomAccess.GetLength(handle), (_options.MaxExecOutputBytes * 2L) + (1024 * 1024));
            var buffer = new byte[length];
            var total = 0;
            while (total < length)
            {
                var read = await RandomAccess.ReadAsync(handle, buffer.AsMemory(total), total, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }

            return total == length ? buffer : buffer[..total];
        }
    }
}
