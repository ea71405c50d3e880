namespace Crisp.Core.Containers;

/// <summary>A container operation failed; <see cref="Kind"/> says how (the CRI handlers map it to a gRPC status), the message says what.</summary>
public sealed class ContainerException(ContainerErrorKind kind, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public ContainerErrorKind Kind { get; } = kind;

    public static ContainerException Invalid(string message, Exception? inner = null) => new(ContainerErrorKind.InvalidArgument, message, inner);

    public static ContainerException NotFound(string message) => new(ContainerErrorKind.NotFound, message);

    public static ContainerException NotReady(string message) => new(ContainerErrorKind.FailedPrecondition, message);

    public static ContainerException Failed(string message, Exception? inner = null) => new(ContainerErrorKind.Failed, message, inner);
}

/// <summary>What went wrong with a container operation.</summary>
public enum ContainerErrorKind
{
    /// <summary>The request is wrong (missing metadata or image, bad mount, bad id).</summary>
    InvalidArgument,

    /// <summary>The container, its pod or its image does not exist.</summary>
    NotFound,

    /// <summary>The name is held by another container.</summary>
    AlreadyExists,

    /// <summary>The container or its pod is in the wrong state (not running, already started, pod stopped).</summary>
    FailedPrecondition,

    /// <summary>An exec ran longer than its timeout and was killed.</summary>
    DeadlineExceeded,

    /// <summary>Setting up or running failed on the node (runc, conmon, mounts).</summary>
    Failed,
}
