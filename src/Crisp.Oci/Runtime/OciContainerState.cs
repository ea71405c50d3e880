namespace Crisp.Oci.Runtime;

/// <summary>The OCI runtime's view of a container's status.</summary>
public enum OciContainerStatus
{
    Unknown,
    Creating,
    Created,
    Running,
    Paused,
    Stopped,
}

/// <summary>What <c>runc state</c> reports.</summary>
public sealed record OciContainerState(string Id, OciContainerStatus Status, int Pid, string Bundle, DateTimeOffset? Created);
