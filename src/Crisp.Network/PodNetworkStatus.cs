using System.Net;

namespace Crisp.Network;

/// <summary>What the network plugins reported for a pod's attachment (the final CNI ADD result).</summary>
/// <param name="NetworkName">The CNI network.</param>
/// <param name="InterfaceName">The interface in the pod.</param>
/// <param name="CniVersion">The version of the result.</param>
/// <param name="Interfaces">Interfaces created (host and pod side).</param>
/// <param name="Ips">Every address in the result.</param>
/// <param name="Routes">Routes in the result.</param>
/// <param name="Dns">DNS settings in the result.</param>
/// <param name="RawResult">The result JSON as the last plugin printed it.</param>
public sealed record PodNetworkStatus(
    string NetworkName,
    string InterfaceName,
    string CniVersion,
    IReadOnlyList<PodInterface> Interfaces,
    IReadOnlyList<PodIpConfig> Ips,
    IReadOnlyList<PodRoute> Routes,
    PodDns Dns,
    string RawResult)
{
    /// <summary>
    /// The pod's addresses, in result order: those on interfaces inside the pod's namespace (or every address
    /// when the result does not say which interface carries it).
    /// </summary>
    public IReadOnlyList<IPAddress> PodIps
    {
        get
        {
            var inPod = Ips.Where(ip => ip.InterfaceIndex is { } i && i >= 0 && i < Interfaces.Count && !string.IsNullOrEmpty(Interfaces[i].Sandbox)).ToList();
            return (inPod.Count > 0 ? inPod : Ips).Select(ip => ip.Address).Distinct().ToList();
        }
    }

    /// <summary>The first IPv4 pod address.</summary>
    public IPAddress? IPv4 => PodIps.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);

    /// <summary>The first IPv6 pod address.</summary>
    public IPAddress? IPv6 => PodIps.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6);
}

/// <summary>An interface in a CNI result; <paramref name="Sandbox"/> is the namespace path for pod-side ones.</summary>
public sealed record PodInterface(string Name, string? Mac, string? Sandbox);

/// <summary>An address in a CNI result.</summary>
/// <param name="Address">The address.</param>
/// <param name="PrefixLength">Its prefix length.</param>
/// <param name="Gateway">The subnet's gateway, when given.</param>
/// <param name="InterfaceIndex">Index into the interfaces list, when given.</param>
public sealed record PodIpConfig(IPAddress Address, int PrefixLength, IPAddress? Gateway, int? InterfaceIndex);

/// <summary>A route in a CNI result (destination in CIDR notation).</summary>
public sealed record PodRoute(string Destination, IPAddress? Gateway);

/// <summary>DNS settings in a CNI result.</summary>
public sealed record PodDns(IReadOnlyList<string> Nameservers, string? Domain, IReadOnlyList<string> Search, IReadOnlyList<string> Options)
{
    public static PodDns Empty { get; } = new([], null, [], []);
}
