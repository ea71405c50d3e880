using System.Net;
using Crisp.Images.References;

namespace Crisp.Images.Registries;

/// <summary>
/// CRI-O's <c>[crio.image] insecure_registries</c>: entries are host[:port] (or a registries.conf-style prefix,
/// matched the same way) or an IP network in CIDR form such as <c>10.0.0.0/8</c>.
/// </summary>
internal sealed class InsecureRegistryList
{
    private readonly List<string> _prefixes = [];
    private readonly List<IPNetwork> _networks = [];

    public InsecureRegistryList(IEnumerable<string>? entries)
    {
        foreach (var raw in entries ?? [])
        {
            var entry = raw.Trim().TrimEnd('/');
            if (entry.Length == 0)
            {
                continue;
            }

            if (IPNetwork.TryParse(entry, out var network))
            {
                _networks.Add(network);
            }
            else
            {
                _prefixes.Add(entry);
            }
        }
    }

    public bool Matches(ImageReference reference)
    {
        var text = reference.ToString();
        if (_prefixes.Any(p => PrefixMatcher.Match(text, p) != -1))
        {
            return true;
        }

        return _networks.Count > 0 && IPAddress.TryParse(HostOf(reference.Domain), out var address) &&
            _networks.Any(n => n.Contains(address));
    }

    private static string HostOf(string domain)
    {
        if (domain.StartsWith('['))
        {
            var close = domain.IndexOf(']', StringComparison.Ordinal);
            return domain[1..close];
        }

        var colon = domain.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? domain : domain[..colon];
    }
}
