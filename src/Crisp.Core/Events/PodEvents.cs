using Crisp.Core.Containers;
using Crisp.Core.Sandboxes;
using Crisp.Core.State;
using Microsoft.Extensions.Logging;
using Runtime.V1;
using Container = Crisp.Core.Containers.Container;
using ContainerState = Crisp.Core.Containers.ContainerState;

namespace Crisp.Core.Events;

/// <summary>
/// Builds the events the kubelet's evented PLEG reads and publishes them on <see cref="ContainerEvents"/>: one per
/// saved state change of a container or pod sandbox (a pod's events carry the sandbox id as container id, as CRI-O's
/// infra container does), each with the pod's status and the statuses of its containers at that moment. Nothing is
/// built while <c>enable_pod_events</c> is off (as CRI-O) or nobody subscribes. Never throws.
/// </summary>
public sealed partial class PodEvents(
    ICrispConfigSource config, ContainerEvents events, SandboxStore sandboxes, ContainerStore containers, TimeProvider time, ILogger<PodEvents> logger)
{
    /// <summary>A container changed: its pod's current status goes with the event (none when the pod is gone).</summary>
    public void ContainerChanged(Container container, ContainerEventType type)
    {
        if (!Wanted() || sandboxes.Get(container.SandboxId) is not { } sandbox)
        {
            return;
        }

        Publish(container.Id, sandbox, type);
    }

    /// <summary>A pod sandbox changed; <paramref name="sandbox"/> is its record as saved (its last one after a removal).</summary>
    public void SandboxChanged(Sandbox sandbox, ContainerEventType type)
    {
        if (Wanted())
        {
            Publish(sandbox.Id, sandbox, type);
        }
    }

    private bool Wanted() => events.HasSubscribers && config.Current.Runtime.EnablePodEvents;

    private void Publish(string id, Sandbox sandbox, ContainerEventType type)
    {
        try
        {
            var response = new ContainerEventResponse
            {
                ContainerId = id,
                ContainerEventType = type,
                CreatedAt = (time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100,
                PodSandboxStatus = SandboxCriMapping.ToStatus(sandbox),
            };
            response.ContainersStatuses.Add(containers.List()
                .Where(c => c.SandboxId == sandbox.Id && c.State != ContainerState.Creating)
                .Select(ContainerCriMapping.ToStatus));
            events.Publish(response);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or Google.Protobuf.InvalidProtocolBufferException)
        {
            EventFailed(logger, type, id, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not build the {Type} event of {Id}")]
    private static partial void EventFailed(ILogger logger, ContainerEventType type, string id, Exception exception);
}
