using Grpc.Core;
using Runtime.V1;

namespace Crisp.Cri.Runtime;

public sealed partial class CriRuntimeService
{
    /// <summary>The cAdvisor metric descriptors of the groups in <c>[crio.stats] included_pod_metrics</c>; none when it is empty.</summary>
    public override Task<ListMetricDescriptorsResponse> ListMetricDescriptors(ListMetricDescriptorsRequest request, ServerCallContext context)
    {
        var response = new ListMetricDescriptorsResponse();
        response.Descriptors.Add(_stats.Descriptors());
        return Task.FromResult(response);
    }
}
