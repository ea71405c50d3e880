using System.Net;
using System.Text.Json.Nodes;

namespace Crisp.Network.Cni;

/// <summary>
/// Reads an ADD result: the rich format of 0.3.0 and later (<c>interfaces</c>, <c>ips</c> with an interface
/// index — 0.3.x/0.4.0 also carry <c>version</c> — <c>routes</c>, <c>dns</c>) and the legacy 0.1.0/0.2.0 format
/// (<c>ip4</c>/<c>ip6</c> objects with their routes).
/// </summary>
internal static class CniResultParser
{
    public static PodNetworkStatus Parse(JsonObject result, string configVersion, string networkName, string interfaceName)
    {
        var version = (result["cniVersion"] as JsonValue)?.TryGetValue<string>(out var v) == true && CniSpec.IsValid(v) ? v : configVersion;
        var interfaces = new List<PodInterface>();
        var ips = new List<PodIpConfig>();
        var routes = new List<PodRoute>();

        if (CniSpec.HasRichResult(version))
        {
            foreach (var item in Objects(result["interfaces"]))
            {
                interfaces.Add(new PodInterface(Text(item["name"]) ?? "", Text(item["mac"]), Text(item["sandbox"])));
            }

            foreach (var item in Objects(result["ips"]))
            {
                var index = item["interface"] is JsonValue i && i.TryGetValue<int>(out var n) ? n : (int?)null;
                ips.Add(Address(Text(item["address"]), Text(item["gateway"]), index));
            }

            routes.AddRange(Objects(result["routes"]).Select(Route));
        }
        else
        {
            foreach (var family in new[] { "ip4", "ip6" })
            {
                if (result[family] is JsonObject legacy)
                {
                    ips.Add(Address(Text(legacy["ip"]), Text(legacy["gateway"]), null));
                    routes.AddRange(Objects(legacy["routes"]).Select(Route));
                }
            }
        }

        return new PodNetworkStatus(networkName, interfaceName, version, interfaces, ips, routes, Dns(result["dns"] as JsonObject), result.ToJsonString());
    }

    private static PodIpConfig Address(string? cidr, string? gateway, int? interfaceIndex)
    {
        if (cidr is null || !TryParseHostCidr(cidr, out var address, out var prefix))
        {
            throw new InvalidDataException($"CNI result has an invalid address \"{cidr}\"");
        }

        IPAddress? gatewayAddress = null;
        if (!string.IsNullOrEmpty(gateway) && !IPAddress.TryParse(gateway, out gatewayAddress))
        {
            throw new InvalidDataException($"CNI result has an invalid gateway \"{gateway}\"");
        }

        return new PodIpConfig(address, prefix, gatewayAddress, interfaceIndex);
    }

    /// <summary>"10.1.0.5/16": the host address (not the network) and the prefix length.</summary>
    private static bool TryParseHostCidr(string cidr, out IPAddress address, out int prefix)
    {
        address = IPAddress.None;
        prefix = 0;
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.TryParse(cidr.AsSpan(0, slash), out var parsed) || !int.TryParse(cidr.AsSpan(slash + 1), out prefix))
        {
            return false;
        }

        address = parsed;
        var max = parsed.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
        return prefix >= 0 && prefix <= max;
    }

    private static PodRoute Route(JsonObject route)
    {
        var gateway = Text(route["gw"]);
        return new PodRoute(Text(route["dst"]) ?? "", gateway is not null && IPAddress.TryParse(gateway, out var gw) ? gw : null);
    }

    private static PodDns Dns(JsonObject? dns) => dns is null
        ? PodDns.Empty
        : new PodDns(Strings(dns["nameservers"]), Text(dns["domain"]), Strings(dns["search"]), Strings(dns["options"]));

    private static IEnumerable<JsonObject> Objects(JsonNode? node) => node is JsonArray array ? array.OfType<JsonObject>() : [];

    private static List<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(Text).OfType<string>().ToList() : [];

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
