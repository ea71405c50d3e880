namespace Crisp.Core.Sandboxes;

/// <summary>The CRI NamespaceMode values.</summary>
public enum SandboxNamespaceMode
{
    /// <summary>Shared by the pod's containers.</summary>
    Pod,

    /// <summary>One per container.</summary>
    Container,

    /// <summary>The host's.</summary>
    Node,

    /// <summary>Another container's (PID only).</summary>
    Target,
}

/// <summary>The pod's namespace choices (CRI NamespaceOption, without user namespaces).</summary>
public sealed record SandboxNamespaceOptions
{
    public SandboxNamespaceMode Network { get; init; } = SandboxNamespaceMode.Pod;

    /// <summary>
    /// PID mode. A request without <c>namespace_options</c> gets <see cref="SandboxNamespaceMode.Container"/>:
    /// the kubelet always sends the options, and only an explicit POD asks for a shared PID namespace.
    /// </summary>
    public SandboxNamespaceMode Pid { get; init; } = SandboxNamespaceMode.Container;

    public SandboxNamespaceMode Ipc { get; init; } = SandboxNamespaceMode.Pod;

    /// <summary>The container whose PID namespace is joined with <see cref="SandboxNamespaceMode.Target"/>.</summary>
    public string TargetId { get; init; } = "";
}
