using Crisp.Network;
using Grpc.Core;
using Runtime.V1;
using ConfigJson = Crisp.Config.ConfigJson;

namespace Crisp.Cri.Runtime;

public sealed partial class CriRuntimeService
{
    public override Task<StatusResponse> Status(StatusRequest request, ServerCallContext context)
    {
        var config = _config.Current;
        var response = new StatusResponse
        {
            Status = new RuntimeStatus
            {
                Conditions =
                {
                    new RuntimeCondition { Type = "RuntimeReady", Status = true },
                    NetworkCondition(config.Network.NetworkDir),
                },
            },
            Features = new RuntimeFeatures(),
        };

        foreach (var name in config.Runtime.Runtimes.Keys.Order(StringComparer.Ordinal))
        {
            response.RuntimeHandlers.Add(new RuntimeHandler { Name = name, Features = new RuntimeHandlerFeatures() });
        }

        if (request.Verbose)
        {
            response.Info["config"] = ConfigJson.Serialize(config);
        }

        return Task.FromResult(response);
    }

    private static RuntimeCondition NetworkCondition(string networkDir)
    {
        var skipped = new List<string>();
        if (CniConfigFinder.FindFirst(networkDir, skipped) is not null)
        {
            return new RuntimeCondition { Type = "NetworkReady", Status = true };
        }

        var message = $"Network plugin returns error: no valid CNI configuration file in {networkDir}. Has your network provider started?";
        if (skipped.Count > 0)
        {
            message += " Skipped: " + string.Join("; ", skipped);
        }

        return new RuntimeCondition
        {
            Type = "NetworkReady",
            Status = false,
            Reason = "NetworkPluginNotReady",
            Message = message,
        };
    }
}
