using Grpc.Core;
using Runtime.V1;

namespace Crisp.Cri.Runtime;

public sealed partial class CriRuntimeService
{
    /// <summary>Every pod's metrics for the groups in <c>included_pod_metrics</c>; an empty list when it is empty.</summary>
    public override Task<ListPodSandboxMetricsResponse> ListPodSandboxMetrics(ListPodSandboxMetricsRequest request, ServerCallContext context) =>
        Call(async () =>
        {
            var response = new ListPodSandboxMetricsResponse();
            response.PodMetrics.Add(await _stats.MetricsAsync().ConfigureAwait(false));
            return response;
        });
}
