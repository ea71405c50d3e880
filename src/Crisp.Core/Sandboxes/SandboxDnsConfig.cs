namespace Crisp.Core.Sandboxes;

/// <summary>The pod's DNS settings (CRI DNSConfig); all empty means the host's resolv.conf is used.</summary>
public sealed record SandboxDnsConfig(IReadOnlyList<string> Servers, IReadOnlyList<string> Searches, IReadOnlyList<string> Options)
{
    public bool IsEmpty => Servers.Count == 0 && Searches.Count == 0 && Options.Count == 0;
}
