namespace Crisp.Oci.Spec;

/// <summary>
/// The CRI request cannot be turned into a runtime spec (bad mount, unknown user, missing profile, ...).
/// The CRI layer maps it to InvalidArgument; the message is meant for the kubelet's event.
/// </summary>
public sealed class ContainerSpecException : Exception
{
    public ContainerSpecException(string message)
        : base(message)
    {
    }

    public ContainerSpecException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
