using Runtime.V1;

namespace Crisp.Core.Sandboxes;

/// <summary>The infra (pause) container of pods that need one.</summary>
public interface IInfraContainers
{
    /// <summary>
    /// Finds or pulls the pause image, mounts its root file system, writes the spec (joining the pod's pinned
    /// namespaces) and creates and starts the container with the sandbox's id. On failure it leaves nothing behind.
    /// </summary>
    Task<InfraContainer> StartAsync(Sandbox sandbox, PodSandboxConfig config, CancellationToken cancellationToken);

    /// <summary>Stops the container (SIGTERM, then SIGKILL); a stopped or unknown one is fine.</summary>
    Task StopAsync(Sandbox sandbox, CancellationToken cancellationToken);

    /// <summary>Deletes the container and its root file system, bundle and log; repeatable, and works for a half-created one.</summary>
    Task RemoveAsync(Sandbox sandbox, CancellationToken cancellationToken);

    /// <summary>Whether the runtime reports the container running.</summary>
    Task<bool> IsRunningAsync(Sandbox sandbox, CancellationToken cancellationToken);
}

/// <summary>A started infra container.</summary>
public sealed record InfraContainer(string Id, int Pid, string ImageId, string ImageName, string LogPath);
