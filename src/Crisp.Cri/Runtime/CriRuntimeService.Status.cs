using Grpc.Core;
using Runtime.V1;
using ConfigJson = Crisp.Config.ConfigJson;

namespace Crisp.Cri.Runtime;

public sealed partial class CriRuntimeService
{
    public override async Task<StatusResponse> Status(StatusRequest request, ServerCallContext context)
    {
        var config = _config.Current;
        var network = await _network.GetReadinessAsync(context.CancellationToken).ConfigureAwait(false);
        var response = new StatusResponse
        {
            Status = new RuntimeStatus
            {
                Conditions =
                {
                    new RuntimeCondition { Type = "RuntimeReady", Status = true },
                    new RuntimeCondition
                    {
                        Type = "NetworkReady",
                        Status = network.Ready,
                        Reason = network.Ready ? "" : network.Reason ?? "",
                        Message = network.Ready ? "" : network.Message ?? "",
                    },
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

        return response;
    }
}
