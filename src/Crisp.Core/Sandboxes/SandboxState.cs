namespace Crisp.Core.Sandboxes;

/// <summary>Where a pod sandbox is in its life.</summary>
public enum SandboxState
{
    /// <summary>RunPodSandbox is still setting it up (or died doing so: a restart cleans it up).</summary>
    Creating,

    /// <summary>Set up and running: namespaces pinned, network attached, infra container (if any) running.</summary>
    Ready,

    /// <summary>Stopped, or its infra container or network namespace is gone.</summary>
    NotReady,
}
