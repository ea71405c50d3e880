using System.Runtime.InteropServices;
using System.Text;
using Crisp.Linux;
using Microsoft.Win32.SafeHandles;

namespace Crisp.Oci.Runtime;

public sealed partial class ConmonRuncRuntime
{
    private const int MaxConmonStderrBytes = 64 * 1024;
    private const int BrokenPipe = 32;

    public async Task<CreatedContainer> CreateAsync(ContainerCreateOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var id = ValidateId(options.Id);
        var paths = PrepareCreate(options);
        var timeout = options.CreateTimeout ?? _options.CreateTimeout;
        var args = ConmonArguments.ForCreate(_options, options, paths);

        var (syncRead, syncWrite) = Pipes.Create();
        var (startRead, startWrite) = Pipes.Create();
        var (stderrRead, stderrWrite) = Pipes.Create();
        using (syncRead)
        using (startWrite)
        using (stderrRead)
        {
            int conmonPid;
            using (syncWrite)
            using (startRead)
            using (stderrWrite)
            {
                try
                {
                    conmonPid = ProcessSpawner.Spawn(new SpawnRequest
                    {
                        Path = _options.ConmonPath,
                        Arguments = args,
                        Environment = MonitorEnvironment("_OCI_SYNCPIPE=3", "_OCI_STARTPIPE=4"),
                        WorkingDirectory = options.BundleDirectory,
                        Descriptors = new Dictionary<int, SafeHandle> { [1] = stderrWrite, [2] = stderrWrite, [3] = syncWrite, [4] = startRead },
                    });
                }
                catch (SystemCallException e)
                {
                    RemoveContainerFiles(id);
                    throw new OciRuntimeException(id, "create", $"cannot start conmon {_options.ConmonPath}: {e.Message}", innerException: e);
                }
            }

            RuntimeLog.ConmonSpawned(_logger, id, conmonPid, string.Join(' ', args));
            using var stderrCancel = new CancellationTokenSource();
            var stderrTask = Pipes.ReadToEndAsync(stderrRead, MaxConmonStderrBytes, stderrCancel.Token);
            try
            {
                var pid = await RunConmonAsync(id, conmonPid, startWrite, syncRead, stderrTask, timeout, cancellationToken).ConfigureAwait(false);
                var monitorPid = ReadPid(paths.ConmonPidFile)
                    ?? throw new OciRuntimeException(id, "create", $"conmon did not write its pid file {paths.ConmonPidFile}");
                var monitorStart = ProcStat.TryRead(monitorPid)?.StartTime ?? 0;
                RuntimeLog.ContainerCreated(_logger, id, pid, monitorPid);
                return new CreatedContainer(id, pid, monitorPid, monitorStart);
            }
            catch (Exception e)
            {
                RuntimeLog.ContainerCreateFailed(_logger, id, e.Message);
                await CleanupFailedCreateAsync(options, paths).ConfigureAwait(false);
                throw;
            }
            finally
            {
                stderrCancel.Cancel();
                await ReportConmonStderrAsync(id, stderrTask).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Checks the bundle and log path and clears files a previous container of this id left behind.</summary>
    private ContainerPaths PrepareCreate(ContainerCreateOptions options)
    {
        if (!File.Exists(Path.Combine(options.BundleDirectory, "config.json")))
        {
            throw new OciRuntimeException(options.Id, "create", $"bundle {options.BundleDirectory} has no config.json");
        }

        if (options.LogPath.Contains(':', StringComparison.Ordinal) || !Path.IsPathRooted(options.LogPath))
        {
            throw new ArgumentException($"log path must be absolute and may not contain ':' (conmon splits on it): {options.LogPath}", nameof(options));
        }

        var paths = new ContainerPaths(
            options.ConmonPidFile ?? Path.Combine(options.BundleDirectory, "conmon-pidfile"),
            options.ContainerPidFile ?? Path.Combine(options.BundleDirectory, "pidfile"),
            PersistDirectory(options.Id));
        Directory.CreateDirectory(_options.ExitsDirectory);
        Directory.CreateDirectory(_options.AttachSocketDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(options.LogPath)!);
        RemoveContainerFiles(options.Id);
        Directory.CreateDirectory(paths.PersistDirectory);
        File.Delete(paths.ConmonPidFile);
        File.Delete(paths.ContainerPidFile);
        File.Delete(Path.Combine(options.BundleDirectory, "oom"));
        return paths;
    }

    /// <summary>
    /// Lets conmon go (start pipe), reaps its first process and waits for the sync message with the container
    /// pid. Returns the pid, or throws with runc's error.
    /// </summary>
    private async Task<int> RunConmonAsync(
        string id, int conmonPid, SafeFileHandle startWrite, SafeFileHandle syncRead, Task<byte[]> stderrTask, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var reaped = false;
        using var syncCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<SyncMessage?>? syncTask = null;
        try
        {
            if (_options.MonitorCgroup is { } cgroup)
            {
                PlaceMonitor(conmonPid, cgroup);
            }

            // conmon blocks on the start pipe before it forks, so that it can be moved into its cgroup first.
            ReleaseStartPipe(startWrite);

            syncTask = SyncMessage.ReadAsync(syncRead, timeout, syncCancel.Token);
            var first = await ProcessReaper.WaitAsync(conmonPid, cancellationToken).ConfigureAwait(false);
            reaped = true;
            if (first is { } status && !(status.Exited && status.ExitCode == 0))
            {
                var stderr = await ConmonStderrAsync(stderrTask).ConfigureAwait(false);
                throw new OciRuntimeException(id, "create", $"conmon failed ({status}): {stderr}");
            }

            SyncMessage? message;
            try
            {
                message = await syncTask.ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new OciRuntimeException(id, "create", $"create container timeout: conmon reported no pid within {timeout}");
            }

            if (message is not { } sync)
            {
                var stderr = await ConmonStderrAsync(stderrTask).ConfigureAwait(false);
                throw new OciRuntimeException(id, "create", $"container create failed: conmon exited without reporting the container pid{(stderr.Length > 0 ? ": " + stderr : "")}");
            }

            if (sync.Data <= 0)
            {
                var detail = RuntimeErrorText.Describe(sync.Message);
                throw new OciRuntimeException(id, "create", detail.Length > 0 ? $"container create failed: {detail}" : "container create failed");
            }

            return sync.Data;
        }
        finally
        {
            if (!reaped)
            {
                // Never leave conmon's first process as a zombie, whatever happened above.
                Processes.Signal(conmonPid, Processes.SigKill);
                await ProcessReaper.WaitAsync(conmonPid, CancellationToken.None).ConfigureAwait(false);
            }

            // The reader thread must be done with the pipe before the caller disposes it.
            syncCancel.Cancel();
            if (syncTask is not null)
            {
                await Task.WhenAny(syncTask).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Writes conmon's go-ahead byte; a conmon that already died (EPIPE) is diagnosed by reaping it.</summary>
    internal static void ReleaseStartPipe(SafeFileHandle startWrite)
    {
        try
        {
            Pipes.WriteAll(startWrite, [0]);
        }
        catch (SystemCallException e) when (e.Errno == BrokenPipe)
        {
        }
        finally
        {
            startWrite.Dispose();
        }
    }

    private void PlaceMonitor(int conmonPid, string cgroup)
    {
        if (_options.CgroupManager != CgroupManager.Cgroupfs)
        {
            RuntimeLog.MonitorCgroupUnsupported(_logger, cgroup);
            return;
        }

        MonitorCgroup.Place(conmonPid, cgroup);
    }

    /// <summary>Undoes a failed create: conmon and runc's container go, and so do the files they made.</summary>
    private async Task CleanupFailedCreateAsync(ContainerCreateOptions options, ContainerPaths paths)
    {
        var id = options.Id;
        Try(id, "kill conmon", () => KillMonitor(paths.ConmonPidFile));
        await TryAsync(id, "runc delete", async () =>
        {
            try
            {
                await RuncAsync(id, "delete", ["delete", "--force", id], CancellationToken.None).ConfigureAwait(false);
            }
            catch (OciRuntimeException e) when (e.IsNotFound)
            {
            }
        }).ConfigureAwait(false);
        RemoveContainerFiles(id);
        foreach (var file in new[] { paths.ConmonPidFile, paths.ContainerPidFile, options.LogPath })
        {
            Try(id, "remove " + file, () => File.Delete(file));
        }

        foreach (var name in new[] { "ctl", "winsz", "attach", "oom" })
        {
            Try(id, "remove " + name, () => File.Delete(Path.Combine(options.BundleDirectory, name)));
        }
    }

    private static async Task<string> ConmonStderrAsync(Task<byte[]> stderrTask)
    {
        // conmon's daemon points its stdio at /dev/null right after forking, so end of file comes quickly.
        var done = await Task.WhenAny(stderrTask, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
        return done == stderrTask && stderrTask.IsCompletedSuccessfully ? Encoding.UTF8.GetString(stderrTask.Result).Trim() : "";
    }

    private async Task ReportConmonStderrAsync(string id, Task<byte[]> stderrTask)
    {
        try
        {
            var text = Encoding.UTF8.GetString(await stderrTask.ConfigureAwait(false)).Trim();
            if (text.Length > 0)
            {
                RuntimeLog.ConmonOutput(_logger, id, text);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
