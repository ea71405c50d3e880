namespace Crisp.Core.Sandboxes;

/// <summary>A port of the pod published on the host (CRI PortMapping); protocol is tcp, udp or sctp.</summary>
public sealed record SandboxPortMapping(string Protocol, int ContainerPort, int HostPort, string HostIp);
