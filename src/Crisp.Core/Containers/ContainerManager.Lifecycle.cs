using Crisp.Oci.Runtime;
using Runtime.V1;

namespace Crisp.Core.Containers;

public sealed partial class ContainerManager
{
    /// <summary>
    /// StartContainer: <c>runc start</c> of a created container. A container that is not in the created state is a
    /// FailedPrecondition. When the start fails the container is recorded as exited with the error.
    /// </summary>
    public async Task StartAsync(string idOrPrefix, CancellationToken cancellationToken)
    {
        var found = Get(idOrPrefix);
        using var held = await _locks.AcquireAsync(found.Id, cancellationToken).ConfigureAwait(false);
        var container = _store.Get(found.Id) ?? throw ContainerException.NotFound($"could not find container \"{idOrPrefix}\"");
        if (container.State != ContainerState.Created)
        {
            throw ContainerException.NotReady($"container {container.Id} is not in created state: {Describe(container.State)}");
        }

        try
        {
            await RuntimeFor(container).StartAsync(container.Id, CancellationToken.None).ConfigureAwait(false);
        }
        catch (OciRuntimeException e)
        {
            var failed = container with
            {
                State = ContainerState.Exited,
                FinishedAt = NowNanoseconds(),
                ExitCode = 128,
                Reason = "Error",
                Message = e.Message,
                Pid = 0,
            };
            TrySave(failed);
            _events.ContainerChanged(failed, ContainerEventType.ContainerStoppedEvent);
            throw ContainerException.Failed($"failed to start container {container.Name}({container.Id}): {e.Message}", e);
        }

        var running = container with { State = ContainerState.Running, StartedAt = NowNanoseconds() };
        _store.Save(running);
        ContainerLog.Started(_logger, container.Name, container.Id, container.Pid);
        _events.ContainerChanged(running, ContainerEventType.ContainerStartedEvent);

        // An exit that conmon recorded before the record said running is applied now (the exit event saw "created").
        if (RuntimeFor(container).ReadExit(container.Id) is { } exit)
        {
            ApplyExit(running, exit);
        }
    }

    /// <summary>
    /// StopContainer: the stop signal, <paramref name="timeout"/> to exit, then SIGKILL; the exit code conmon records
    /// is kept. Repeatable: an exited container or an unknown id is not an error.
    /// </summary>
    public async Task StopAsync(string idOrPrefix, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (Find(idOrPrefix) is not { } found)
        {
            ContainerLog.NothingToDo(_logger, "StopContainer", idOrPrefix);
            return;
        }

        await StopOneAsync(found.Id, timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>RemoveContainer: kills it when it still runs, deletes it from the runtime, its root file system, bundle and state. Repeatable.</summary>
    public async Task RemoveAsync(string idOrPrefix, CancellationToken cancellationToken)
    {
        if (Find(idOrPrefix) is not { } found)
        {
            ContainerLog.NothingToDo(_logger, "RemoveContainer", idOrPrefix);
            return;
        }

        await RemoveOneAsync(found.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The container with its exit applied if conmon recorded one the exit monitor has not delivered yet, so a status
    /// read right after the process ended already says exited.
    /// </summary>
    public async Task<Container> RefreshAsync(string idOrPrefix, CancellationToken cancellationToken)
    {
        var container = Get(idOrPrefix);
        if (!container.IsLive || RuntimeFor(container).ReadExit(container.Id) is null)
        {
            return container;
        }

        await OnContainerExitedAsync(container.Id).ConfigureAwait(false);
        return _store.Get(container.Id) ?? container;
    }

    /// <summary>
    /// An exit reported by the exit monitor: a live container becomes exited with conmon's exit code and reason.
    /// Never throws (it runs detached from any call); a failure is logged.
    /// </summary>
    public async Task OnContainerExitedAsync(string id)
    {
        if (_store.Get(id) is not { IsLive: true })
        {
            return;
        }

        try
        {
            using var held = await _locks.AcquireAsync(id).ConfigureAwait(false);
            if (_store.Get(id) is { IsLive: true } container && RuntimeFor(container).ReadExit(id) is { } exit)
            {
                ApplyExit(container, exit);
            }
        }
        catch (Exception e)
        {
            ContainerLog.ExitHandlingFailed(_logger, id, e);
        }
    }

    private async Task StopOneAsync(string id, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var held = await _locks.AcquireAsync(id, cancellationToken).ConfigureAwait(false);
        if (_store.Get(id) is not { IsLive: true } container)
        {
            return;
        }

        var runtime = RuntimeFor(container);
        try
        {
            await runtime.StopAsync(id, timeout, container.StopSignal, cancellationToken).ConfigureAwait(false);
        }
        catch (OciRuntimeException e)
        {
            throw ContainerException.Failed($"failed to stop container {container.Name}({id}): {e.Message}", e);
        }

        if (runtime.ReadExit(id) is { } exit)
        {
            ApplyExit(container, exit);
        }
        else
        {
            ApplyUnknownExit(container, "conmon recorded no exit code");
        }
    }

    private async Task RemoveOneAsync(string id, CancellationToken cancellationToken)
    {
        await StopOneAsync(id, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        using var held = await _locks.AcquireAsync(id, cancellationToken).ConfigureAwait(false);
        if (_store.Get(id) is not { } container)
        {
            return;
        }

        await Step(container, "delete the runtime container", () => RuntimeFor(container).DeleteAsync(id, force: true, cancellationToken)).ConfigureAwait(false);
        await Step(container, "remove the root file system", () =>
        {
            _fileSystems.Remove(id);
            return Task.CompletedTask;
        }).ConfigureAwait(false);
        await Step(container, "remove the state", () =>
        {
            _store.Remove(id);
            return Task.CompletedTask;
        }).ConfigureAwait(false);
        _names.Release(container.Name, id);
        ContainerLog.Removed(_logger, container.Name, id);
        _events.ContainerChanged(container, ContainerEventType.ContainerDeletedEvent);
    }

    /// <summary>Runs one removal step; a failure becomes a <see cref="ContainerException"/> naming the step and the container.</summary>
    private static async Task Step(Container container, string step, Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not (ContainerException or OperationCanceledException))
        {
            throw ContainerException.Failed($"failed to {step} of container {container.Name}({container.Id}): {e.Message}", e);
        }
    }

    private void ApplyExit(Container container, ContainerExit exit)
    {
        var reason = exit.OomKilled ? "OOMKilled" : exit.ExitCode == 0 ? "Completed" : "Error";
        if (exit.OomKilled)
        {
            Metrics?.ContainerOomKilled(container.Name);
        }

        var finished = (exit.FinishedAt - DateTimeOffset.UnixEpoch).Ticks * 100;
        var exited = container with
        {
            State = ContainerState.Exited,
            ExitCode = exit.ExitCode,
            FinishedAt = Math.Max(finished, container.StartedAt),
            Reason = reason,
            Pid = 0,
            Paused = false,
        };
        TrySave(exited);
        ContainerLog.Exited(_logger, container.Name, container.Id, exit.ExitCode, reason);
        _events.ContainerChanged(exited, ContainerEventType.ContainerStoppedEvent);
    }

    /// <summary>The process is gone but conmon left no exit code (it died too, or the container never ran).</summary>
    private void ApplyUnknownExit(Container container, string why)
    {
        var exited = container with
        {
            State = ContainerState.Exited,
            ExitCode = 255,
            FinishedAt = NowNanoseconds(),
            Reason = "Error",
            Message = $"the container's exit code is unknown: {why}",
            Pid = 0,
            Paused = false,
        };
        TrySave(exited);
        ContainerLog.Exited(_logger, container.Name, container.Id, 255, "unknown");
        _events.ContainerChanged(exited, ContainerEventType.ContainerStoppedEvent);
    }

    private static string Describe(ContainerState state) => state switch
    {
        ContainerState.Running => "running",
        ContainerState.Exited => "exited",
        ContainerState.Created => "created",
        _ => "being created",
    };
}
