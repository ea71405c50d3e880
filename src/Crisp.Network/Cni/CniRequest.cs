using System.Text;
using System.Text.Json.Nodes;

namespace Crisp.Network.Cni;

/// <summary>
/// Derives the configuration one plugin receives on stdin (spec section 3): the plugin's object unchanged plus
/// <c>name</c>, <c>cniVersion</c>, <c>prevResult</c> (when there is one) and <c>runtimeConfig</c> holding each
/// capability argument the plugin declares in <c>capabilities</c>.
/// </summary>
internal static class CniRequest
{
    public static byte[] Build(JsonObject plugin, string networkName, string cniVersion, JsonNode? prevResult, JsonObject capabilityArgs)
    {
        var config = (JsonObject)plugin.DeepClone();
        config["name"] = networkName;
        config["cniVersion"] = cniVersion;
        if (prevResult is not null)
        {
            config["prevResult"] = prevResult.DeepClone();
        }

        var runtimeConfig = new JsonObject();
        if (plugin["capabilities"] is JsonObject capabilities)
        {
            foreach (var (capability, enabled) in capabilities)
            {
                if (enabled is JsonValue flag && flag.TryGetValue<bool>(out var on) && on
                    && capabilityArgs.TryGetPropertyValue(capability, out var value) && value is not null)
                {
                    runtimeConfig[capability] = value.DeepClone();
                }
            }
        }

        if (runtimeConfig.Count > 0)
        {
            config["runtimeConfig"] = runtimeConfig;
        }

        return Encoding.UTF8.GetBytes(config.ToJsonString());
    }

    /// <summary>The capability arguments for a pod (the conventions in CNI's CONVENTIONS.md, as ocicni passes them).</summary>
    public static JsonObject CapabilityArgs(PodNetworkRequest request)
    {
        var args = new JsonObject();
        if (request.PortMappings.Count > 0)
        {
            var mappings = new JsonArray();
            foreach (var mapping in request.PortMappings)
            {
                mappings.Add((JsonNode)new JsonObject
                {
                    ["hostPort"] = mapping.HostPort,
                    ["containerPort"] = mapping.ContainerPort,
                    ["protocol"] = mapping.Protocol.ToLowerInvariant(),
                    ["hostIP"] = mapping.HostIp,
                });
            }

            args["portMappings"] = mappings;
        }

        if (request.Bandwidth is { } bandwidth)
        {
            args["bandwidth"] = new JsonObject
            {
                ["ingressRate"] = bandwidth.IngressRate,
                ["ingressBurst"] = bandwidth.IngressBurst,
                ["egressRate"] = bandwidth.EgressRate,
                ["egressBurst"] = bandwidth.EgressBurst,
            };
        }

        if (request.Ips.Count > 0)
        {
            args["ips"] = Strings(request.Ips);
        }

        if (request.Dns is { } dns)
        {
            args["dns"] = new JsonObject { ["servers"] = Strings(dns.Servers), ["searches"] = Strings(dns.Searches), ["options"] = Strings(dns.Options) };
        }

        if (!string.IsNullOrEmpty(request.CgroupPath))
        {
            args["cgroupPath"] = request.CgroupPath;
        }

        if (request.Annotations is { } annotations)
        {
            var map = new JsonObject();
            foreach (var (key, value) in annotations.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                map[key] = value;
            }

            args["io.kubernetes.cri.pod-annotations"] = map;
        }

        return args;
    }

    /// <summary>CNI_ARGS as CRI-O (ocicni) builds them, then any extra pairs.</summary>
    public static List<KeyValuePair<string, string>> CniArgs(PodNetworkRequest request)
    {
        List<KeyValuePair<string, string>> args =
        [
            new("IgnoreUnknown", "1"),
            new("K8S_POD_NAMESPACE", request.PodNamespace),
            new("K8S_POD_NAME", request.PodName),
            new("K8S_POD_INFRA_CONTAINER_ID", request.SandboxId),
            new("K8S_POD_UID", request.PodUid),
        ];
        args.AddRange(request.ExtraArgs);
        return args;
    }

    private static JsonArray Strings(IEnumerable<string> values)
    {
        var array = new JsonArray();
        foreach (var value in values)
        {
            array.Add((JsonNode?)JsonValue.Create(value));
        }

        return array;
    }
}
