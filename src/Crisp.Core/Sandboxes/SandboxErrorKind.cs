namespace Crisp.Core.Sandboxes;

/// <summary>What went wrong, in the terms the CRI handlers map to gRPC status codes.</summary>
public enum SandboxErrorKind
{
    /// <summary>The request itself is wrong (missing metadata, bad port, bad sysctl).</summary>
    InvalidArgument,

    /// <summary>Something the request names does not exist (sandbox id, runtime handler).</summary>
    NotFound,

    /// <summary>The request names more than one thing (an ambiguous id prefix).</summary>
    Ambiguous,

    /// <summary>Setting up or tearing down failed on the node (namespaces, CNI, infra container).</summary>
    Failed,
}
