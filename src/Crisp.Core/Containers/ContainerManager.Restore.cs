using Crisp.Core.Sandboxes;
using Crisp.Oci.Runtime;
using Runtime.V1;

namespace Crisp.Core.Containers;

public sealed partial class ContainerManager
{
    /// <summary>
    /// Loads every container at daemon start (after the pods were restored). A container still marked creating, a
    /// state directory without a readable state file and a container whose pod is gone are leftovers: their runtime
    /// container, root file system, bundle and state are removed. A live one is reconciled with conmon's exit file and
    /// <c>runc state</c>: one that exited while crisp was down is recorded exited with its exit code.
    /// </summary>
    public async Task<ContainerRestoreReport> RestoreAsync(CancellationToken cancellationToken)
    {
        var load = _store.Load();
        var cleaned = 0;
        foreach (var (id, reason) in load.Broken)
        {
            await CleanUpLeftoverAsync(Leftover(id), reason).ConfigureAwait(false);
            cleaned++;
        }

        foreach (var container in load.Records.Where(c => c.State == ContainerState.Creating || _sandboxes.Get(c.SandboxId) is null))
        {
            await CleanUpLeftoverAsync(container, container.State == ContainerState.Creating ? "its create did not finish" : $"its pod sandbox {container.SandboxId} is gone").ConfigureAwait(false);
            cleaned++;
        }

        var restored = _store.List();
        var exited = 0;
        foreach (var container in restored)
        {
            _names.Restore(container.Name, container.Id);
            if (container.IsLive && !await ReconcileAsync(container, cancellationToken).ConfigureAwait(false))
            {
                exited++;
            }
        }

        ContainerLog.Restored(_logger, restored.Count, exited, cleaned);
        return new ContainerRestoreReport(restored.Count, exited, cleaned);
    }

    /// <summary>Whether the live container still has its process; if not it is recorded exited.</summary>
    private async Task<bool> ReconcileAsync(Container container, CancellationToken cancellationToken)
    {
        IOciRuntime runtime;
        try
        {
            runtime = RuntimeFor(container);
        }
        catch (ContainerException e)
        {
            // The handler was removed from the configuration: keep what is recorded; operations on it will say why they fail.
            ContainerLog.StateCheckFailed(_logger, container.Id, e);
            return true;
        }

        if (runtime.ReadExit(container.Id) is { } exit)
        {
            ApplyExit(container, exit);
            return false;
        }

        OciContainerState? state;
        try
        {
            state = await runtime.StateAsync(container.Id, cancellationToken).ConfigureAwait(false);
        }
        catch (OciRuntimeException e)
        {
            ContainerLog.StateCheckFailed(_logger, container.Id, e);
            return true;
        }

        switch (state?.Status)
        {
            case OciContainerStatus.Running or OciContainerStatus.Paused:
                var paused = state.Status == OciContainerStatus.Paused;
                if (container.State == ContainerState.Created)
                {
                    var running = container with { State = ContainerState.Running, Pid = state.Pid, StartedAt = container.StartedAt > 0 ? container.StartedAt : NowNanoseconds(), Paused = paused };
                    TrySave(running);
                    _events.ContainerChanged(running, ContainerEventType.ContainerStartedEvent);
                }
                else if (container.Paused != paused)
                {
                    TrySave(container with { Paused = paused });
                }

                return true;
            case OciContainerStatus.Created or OciContainerStatus.Creating:
                return true;
            default:
                ApplyUnknownExit(container, state is null ? "the runtime no longer knows the container" : "it stopped while crisp was down and conmon recorded no exit code");
                return false;
        }
    }

    private Container Leftover(string id) => new()
    {
        Id = id,
        Name = "",
        SandboxId = "",
        MetadataName = "",
        OciHandler = _config.Current.Runtime.ResolveHandlerName(null),
        BundleDirectory = _paths.ContainerBundle(id),
    };

    private async Task CleanUpLeftoverAsync(Container container, string reason)
    {
        ContainerLog.CleaningLeftover(_logger, container.Id, reason);
        await UndoCreateAsync(container).ConfigureAwait(false);
        if (container.Name.Length > 0)
        {
            _names.Release(container.Name, container.Id);
        }
    }
}

/// <summary>What <see cref="ContainerManager.RestoreAsync"/> did.</summary>
public sealed record ContainerRestoreReport(int Restored, int Exited, int CleanedUp);
