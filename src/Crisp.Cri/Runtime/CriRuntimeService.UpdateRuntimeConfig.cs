using Grpc.Core;
using Runtime.V1;

namespace Crisp.Cri.Runtime;

public sealed partial class CriRuntimeService
{
    public override Task<UpdateRuntimeConfigResponse> UpdateRuntimeConfig(UpdateRuntimeConfigRequest request, ServerCallContext context)
    {
        // The kubelet sends the node's pod CIDR here. As in CRI-O, the CNI plugin owns addressing,
        // so crisp only records it (for status and logs).
        var cidr = request.RuntimeConfig?.NetworkConfig?.PodCidr ?? "";
        if (cidr.Length > 0 && cidr != _podNetwork.PodCidr)
        {
            _podNetwork.SetPodCidr(cidr);
            Log.PodCidrUpdated(_logger, cidr);
        }

        return Task.FromResult(new UpdateRuntimeConfigResponse());
    }
}
