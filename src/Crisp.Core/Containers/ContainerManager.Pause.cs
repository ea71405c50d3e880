using Crisp.Oci.Runtime;

namespace Crisp.Core.Containers;

public sealed partial class ContainerManager
{
    /// <summary>
    /// <c>/pause/{id}</c>: freezes a running container's processes (<c>runc pause</c>). For the CRI it stays running,
    /// as in CRI-O; StopContainer resumes it before signalling. FailedPrecondition when it is not running or already
    /// paused; NotFound for an unknown id.
    /// </summary>
    public Task<Container> PauseAsync(string idOrPrefix, CancellationToken cancellationToken) =>
        SetPausedAsync(idOrPrefix, paused: true, cancellationToken);

    /// <summary><c>/unpause/{id}</c>: thaws a paused container (<c>runc resume</c>). FailedPrecondition when it is not paused.</summary>
    public Task<Container> ResumeAsync(string idOrPrefix, CancellationToken cancellationToken) =>
        SetPausedAsync(idOrPrefix, paused: false, cancellationToken);

    private async Task<Container> SetPausedAsync(string idOrPrefix, bool paused, CancellationToken cancellationToken)
    {
        var found = Get(idOrPrefix);
        using var held = await _locks.AcquireAsync(found.Id, cancellationToken).ConfigureAwait(false);
        var container = _store.Get(found.Id) ?? throw ContainerException.NotFound($"could not find container \"{idOrPrefix}\"");
        var runtime = RuntimeFor(container);
        if (container.IsLive && runtime.ReadExit(container.Id) is { } exit)
        {
            ApplyExit(container, exit);
            container = _store.Get(container.Id) ?? container;
        }

        var now = container.Paused ? "paused" : Describe(container.State);
        if (paused && (container.State != ContainerState.Running || container.Paused))
        {
            throw ContainerException.NotReady($"container {container.Id} is not in running state, now is {now}");
        }

        if (!paused && !container.Paused)
        {
            throw ContainerException.NotReady($"container {container.Id} is not in paused state, now is {now}");
        }

        try
        {
            if (paused)
            {
                await runtime.PauseAsync(container.Id, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                await runtime.ResumeAsync(container.Id, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (OciRuntimeException e)
        {
            throw ContainerException.Failed($"failed to {(paused ? "pause" : "unpause")} container {container.Name}({container.Id}): {e.Message}", e);
        }

        var changed = container with { Paused = paused };
        TrySave(changed);
        ContainerLog.PausedChanged(_logger, container.Name, container.Id, paused ? "Paused" : "Unpaused");
        return changed;
    }
}
