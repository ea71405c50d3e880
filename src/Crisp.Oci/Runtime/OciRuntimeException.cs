namespace Crisp.Oci.Runtime;

/// <summary>
/// An OCI runtime operation failed. The message carries the runtime's own words (runc's error, as conmon
/// forwarded it) so a kubelet event reads like the cause, not like our plumbing.
/// </summary>
public class OciRuntimeException : Exception
{
    public OciRuntimeException(string message)
        : base(message)
    {
    }

    public OciRuntimeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public OciRuntimeException(string containerId, string operation, string message, bool notFound = false, Exception? innerException = null)
        : base(message, innerException)
    {
        ContainerId = containerId;
        Operation = operation;
        IsNotFound = notFound;
    }

    public string? ContainerId { get; }

    public string? Operation { get; }

    /// <summary>The runtime does not know the container (or its process is gone).</summary>
    public bool IsNotFound { get; }
}
