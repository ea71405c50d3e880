using Crisp.Linux;
using Runtime.V1;

namespace Crisp.Core.Sandboxes;

public sealed partial class SandboxManager
{
    /// <summary>
    /// StopPodSandbox: stops the pod's containers and infra container, detaches it from the CNI network (tolerating
    /// a half-created attachment), unmounts its /dev/shm and marks it not ready. Repeatable; an unknown id is fine.
    /// </summary>
    /// <exception cref="SandboxException">A step failed (the kubelet retries); or the id is empty or ambiguous.</exception>
    public async Task StopAsync(string idOrPrefix, CancellationToken cancellationToken)
    {
        if (Find(idOrPrefix) is not { } found)
        {
            SandboxLog.NothingToDo(_logger, "StopPodSandbox", idOrPrefix);
            return;
        }

        using var held = await _locks.AcquireAsync(found.Id, cancellationToken).ConfigureAwait(false);
        if (_store.Get(found.Id) is { State: not SandboxState.Creating } sandbox)
        {
            await StopLockedAsync(sandbox, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// RemovePodSandbox: stops the pod if needed, removes its containers and infra container, unpins its namespaces,
    /// deletes its files and state and releases its name. Repeatable; an unknown id is fine.
    /// </summary>
    /// <exception cref="SandboxException">A step failed (the kubelet retries); or the id is empty or ambiguous.</exception>
    public async Task RemoveAsync(string idOrPrefix, CancellationToken cancellationToken)
    {
        if (Find(idOrPrefix) is not { } found)
        {
            SandboxLog.NothingToDo(_logger, "RemovePodSandbox", idOrPrefix);
            return;
        }

        using var held = await _locks.AcquireAsync(found.Id, cancellationToken).ConfigureAwait(false);
        if (_store.Get(found.Id) is not { State: not SandboxState.Creating } sandbox)
        {
            return;
        }

        sandbox = await StopLockedAsync(sandbox, cancellationToken).ConfigureAwait(false);
        foreach (var containers in _containers)
        {
            await containers.RemoveAllAsync(sandbox, cancellationToken).ConfigureAwait(false);
        }

        await Step(sandbox, "remove the infra container", () => sandbox.InfraContainerId is null ? Task.CompletedTask : _infra.RemoveAsync(sandbox, cancellationToken)).ConfigureAwait(false);
        await Step(sandbox, "remove the pinned namespaces", () => _namespaces.Remove(sandbox.Id)).ConfigureAwait(false);
        await Step(sandbox, "unmount /dev/shm", () => UnmountShm(sandbox)).ConfigureAwait(false);
        await Step(sandbox, "remove the files", () => FileTree.Remove(sandbox.UserdataDirectory)).ConfigureAwait(false);
        await Step(sandbox, "remove the state", () => _store.Remove(sandbox.Id)).ConfigureAwait(false);
        _names.Release(sandbox.Name, sandbox.Id);
        SandboxLog.Removed(_logger, sandbox.Name, sandbox.Id);
        _events.SandboxChanged(sandbox, ContainerEventType.ContainerDeletedEvent);
    }

    private async Task<Sandbox> StopLockedAsync(Sandbox sandbox, CancellationToken cancellationToken)
    {
        if (sandbox.Stopped)
        {
            return sandbox;
        }

        foreach (var containers in _containers)
        {
            await containers.StopAllAsync(sandbox, cancellationToken).ConfigureAwait(false);
        }

        if (sandbox.InfraContainerId is not null)
        {
            await Step(sandbox, "stop the infra container", () => _infra.StopAsync(sandbox, cancellationToken)).ConfigureAwait(false);
        }

        if (!sandbox.HostNetwork)
        {
            await Step(sandbox, "destroy the network", () => TearDownNetworkAsync(sandbox, cancellationToken)).ConfigureAwait(false);
        }

        await Step(sandbox, "unmount /dev/shm", () => UnmountShm(sandbox)).ConfigureAwait(false);
        sandbox = sandbox with { State = SandboxState.NotReady, Stopped = true, PodIps = [], InfraPid = 0 };
        _store.Save(sandbox);
        SandboxLog.Stopped(_logger, sandbox.Name, sandbox.Id);
        _events.SandboxChanged(sandbox, ContainerEventType.ContainerStoppedEvent);
        return sandbox;
    }

    /// <summary>
    /// CNI DEL. A pin file that is no namespace any more (unmounted behind crisp's back) is deleted first: plugins
    /// treat a missing namespace as gone and still release the pod's address, but fail on a file that is not one.
    /// </summary>
    private Task TearDownNetworkAsync(Sandbox sandbox, CancellationToken cancellationToken)
    {
        if (sandbox.NetworkNamespacePath is { } netns && File.Exists(netns) && !_namespaces.IsPinned(netns))
        {
            _namespaces.RemovePin(netns);
        }

        return _network.TearDownAsync(NetworkRequest(sandbox), cancellationToken);
    }

    private void UnmountShm(Sandbox sandbox)
    {
        if (OwnsShm(sandbox))
        {
            _shm.Unmount(sandbox.ShmPath!);
        }
    }

    private static Task Step(Sandbox sandbox, string step, Action action) => Step(sandbox, step, () =>
    {
        action();
        return Task.CompletedTask;
    });

    /// <summary>Runs one teardown step; a failure becomes a <see cref="SandboxException"/> naming the step and the pod.</summary>
    private static async Task Step(Sandbox sandbox, string step, Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not (SandboxException or OperationCanceledException))
        {
            throw SandboxException.Failed($"failed to {step} of pod sandbox {sandbox.Name}({sandbox.Id}): {e.Message}", e);
        }
    }
}
