using Crisp.Linux;

namespace Crisp.Core.Sandboxes;

public sealed partial class SandboxManager
{
    /// <summary>
    /// Loads every sandbox at daemon start. A sandbox still marked creating, a state directory without a readable
    /// state file, and a pod directory under the runroot without any state are leftovers of a create the previous
    /// daemon did not finish: their infra container, network attachment, /dev/shm, pinned namespaces and files are
    /// removed. The rest keep their names; a ready one whose pinned network namespace is gone or whose infra
    /// container no longer runs becomes not ready.
    /// </summary>
    public async Task<SandboxRestoreReport> RestoreAsync(CancellationToken cancellationToken)
    {
        var load = _store.Load();
        var cleaned = 0;
        foreach (var (id, reason) in load.Broken)
        {
            await CleanUpLeftoverAsync(Leftover(id), reason).ConfigureAwait(false);
            cleaned++;
        }

        foreach (var sandbox in load.Records.Where(s => s.State == SandboxState.Creating))
        {
            await CleanUpLeftoverAsync(sandbox, "its create did not finish").ConfigureAwait(false);
            cleaned++;
        }

        var known = load.Records.Select(s => s.Id).Concat(load.Broken.Select(b => b.Id)).ToHashSet(StringComparer.Ordinal);
        foreach (var id in PodDirectoriesWithoutState(known))
        {
            await CleanUpLeftoverAsync(Leftover(id), "it has files but no state").ConfigureAwait(false);
            cleaned++;
        }

        var restored = load.Records.Where(s => s.State != SandboxState.Creating).ToList();
        var notReady = 0;
        foreach (var sandbox in restored)
        {
            _names.Restore(sandbox.Name, sandbox.Id);
            var current = sandbox.State == SandboxState.Ready ? await CheckReadyAsync(sandbox, cancellationToken).ConfigureAwait(false) : sandbox;
            notReady += current.State == SandboxState.NotReady ? 1 : 0;
        }

        SandboxLog.Restored(_logger, restored.Count, notReady, cleaned);
        return new SandboxRestoreReport(restored.Count, notReady, cleaned);
    }

    private async Task<Sandbox> CheckReadyAsync(Sandbox sandbox, CancellationToken cancellationToken)
    {
        string? reason = null;
        if (sandbox.NetworkNamespacePath is { } netns && !_namespaces.IsPinned(netns))
        {
            reason = $"its network namespace {netns} is gone";
        }
        else if (sandbox.InfraContainerId is not null && !await InfraRunningAsync(sandbox, cancellationToken).ConfigureAwait(false))
        {
            reason = "its infra container is not running";
        }

        if (reason is null)
        {
            return sandbox;
        }

        SandboxLog.NotReady(_logger, sandbox.Name, sandbox.Id, reason);
        var notReady = sandbox with { State = SandboxState.NotReady, InfraPid = 0 };
        _store.Save(notReady);
        _events.SandboxChanged(notReady, global::Runtime.V1.ContainerEventType.ContainerStoppedEvent);
        return notReady;
    }

    private async Task<bool> InfraRunningAsync(Sandbox sandbox, CancellationToken cancellationToken)
    {
        try
        {
            return await _infra.IsRunningAsync(sandbox, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            SandboxLog.InfraCheckFailed(_logger, sandbox.Id, e);
            return false;
        }
    }

    private IEnumerable<string> PodDirectoriesWithoutState(HashSet<string> known)
    {
        if (!Directory.Exists(_paths.UserdataRoot))
        {
            return [];
        }

        return Directory.EnumerateDirectories(_paths.UserdataRoot)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(id => SandboxIds.IsValid(id) && !known.Contains(id))
            .ToList();
    }

    /// <summary>What is known of a sandbox without a state file: its id, and so every path derived from it.</summary>
    private Sandbox Leftover(string id)
    {
        var hasInfra = Directory.Exists(_paths.ContainerStorage(id)) || Directory.Exists(_paths.ContainerBundle(id));
        return new Sandbox
        {
            Id = id,
            Name = "",
            Metadata = new SandboxMetadata("", "", "", 0),
            OciHandler = _config.Current.Runtime.ResolveHandlerName(null),
            UserdataDirectory = _paths.UserdataDirectory(id),
            ShmPath = _paths.Shm(id),
            InfraContainerId = hasInfra ? id : null,
        };
    }

    /// <summary>Undoes whatever a create got to, step by step; every failure is logged and the rest still runs.</summary>
    private async Task CleanUpLeftoverAsync(Sandbox sandbox, string reason)
    {
        SandboxLog.CleaningLeftover(_logger, sandbox.Id, reason);
        var id = sandbox.Id;
        var none = CancellationToken.None;
        if (sandbox.InfraContainerId is not null)
        {
            await TryAsync(id, "remove the infra container", () => _infra.RemoveAsync(sandbox, none)).ConfigureAwait(false);
        }

        if (!sandbox.HostNetwork)
        {
            // Without a recorded namespace path the CNI result cache (keyed by the sandbox id) supplies it.
            await TryAsync(id, "detach the CNI network", () => TearDownNetworkAsync(sandbox, none)).ConfigureAwait(false);
        }

        await TryAsync(id, "unmount /dev/shm", () =>
        {
            _shm.Unmount(_paths.Shm(id));
            return Task.CompletedTask;
        }).ConfigureAwait(false);
        await TryAsync(id, "unpin the namespaces", () =>
        {
            _namespaces.Remove(id);
            return Task.CompletedTask;
        }).ConfigureAwait(false);
        await TryAsync(id, "remove the files and state", () =>
        {
            FileTree.Remove(_paths.UserdataDirectory(id));
            _store.Remove(id);
            return Task.CompletedTask;
        }).ConfigureAwait(false);
        if (sandbox.Name.Length > 0)
        {
            _names.Release(sandbox.Name, id);
        }
    }

    private async Task TryAsync(string id, string step, Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            SandboxLog.CleanupStepFailed(_logger, id, step, e);
        }
    }
}

/// <summary>What <see cref="SandboxManager.RestoreAsync"/> did.</summary>
public sealed record SandboxRestoreReport(int Restored, int NotReady, int CleanedUp);
