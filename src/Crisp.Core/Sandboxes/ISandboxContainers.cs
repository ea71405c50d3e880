namespace Crisp.Core.Sandboxes;

/// <summary>
/// The containers of a pod, as the sandbox side needs them: StopPodSandbox stops them before the infra container
/// and the network go, RemovePodSandbox removes them before the namespaces and directories go. Implemented by the
/// container side and registered in DI; every registered implementation is called. Both must be idempotent.
/// </summary>
public interface ISandboxContainers
{
    Task StopAllAsync(Sandbox sandbox, CancellationToken cancellationToken);

    Task RemoveAllAsync(Sandbox sandbox, CancellationToken cancellationToken);
}
