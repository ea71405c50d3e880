namespace Crisp.Network;

/// <summary>Who is attached and how: the parameters of one pod's network attachment.</summary>
/// <param name="SandboxId">The pod sandbox id (CNI_CONTAINERID and K8S_POD_INFRA_CONTAINER_ID).</param>
/// <param name="PodName">K8S_POD_NAME.</param>
/// <param name="PodNamespace">K8S_POD_NAMESPACE.</param>
/// <param name="PodUid">K8S_POD_UID.</param>
/// <param name="NetnsPath">The pinned network namespace (CNI_NETNS); it may be gone at teardown.</param>
public sealed record PodNetworkRequest(string SandboxId, string PodName, string PodNamespace, string PodUid, string NetnsPath)
{
    /// <summary>The interface created in the pod (CNI_IFNAME).</summary>
    public string InterfaceName { get; init; } = "eth0";

    /// <summary>Host ports, passed as the <c>portMappings</c> capability.</summary>
    public IReadOnlyList<PortMapping> PortMappings { get; init; } = [];

    /// <summary>Traffic shaping, passed as the <c>bandwidth</c> capability.</summary>
    public BandwidthLimits? Bandwidth { get; init; }

    /// <summary>Requested addresses (<c>ip[/prefix]</c>), passed as the <c>ips</c> capability.</summary>
    public IReadOnlyList<string> Ips { get; init; } = [];

    /// <summary>DNS settings, passed as the <c>dns</c> capability.</summary>
    public DnsSettings? Dns { get; init; }

    /// <summary>The pod's cgroup parent, passed as the <c>cgroupPath</c> capability.</summary>
    public string? CgroupPath { get; init; }

    /// <summary>Pod annotations, passed as the <c>io.kubernetes.cri.pod-annotations</c> capability.</summary>
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>Extra CNI_ARGS pairs appended after the K8S_POD_* ones.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ExtraArgs { get; init; } = [];
}

/// <summary>A host port forwarded to the pod (the CNI <c>portMappings</c> convention).</summary>
/// <param name="HostPort">Port on the host.</param>
/// <param name="ContainerPort">Port in the pod.</param>
/// <param name="Protocol">tcp, udp or sctp (any case; sent lower-case).</param>
/// <param name="HostIp">Host address to bind; empty means every address.</param>
public sealed record PortMapping(int HostPort, int ContainerPort, string Protocol = "tcp", string HostIp = "");

/// <summary>Traffic limits in bits per second; bursts in bits (the CNI <c>bandwidth</c> convention).</summary>
public sealed record BandwidthLimits(ulong IngressRate, ulong IngressBurst, ulong EgressRate, ulong EgressBurst);

/// <summary>DNS settings for the pod (the CNI <c>dns</c> capability convention).</summary>
public sealed record DnsSettings(IReadOnlyList<string> Servers, IReadOnlyList<string> Searches, IReadOnlyList<string> Options);
