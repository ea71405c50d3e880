using Grpc.Core;
using Runtime.V1;

namespace Crisp.Cri.Runtime;

public sealed partial class CriRuntimeService
{
    /// <summary>
    /// As CRI-O: the kubelet itself resizes the pod-level cgroup; the runtime only learns of it (for plugins crisp
    /// does not have). So the pod must exist, and the new limits are logged.
    /// </summary>
    public override Task<UpdatePodSandboxResourcesResponse> UpdatePodSandboxResources(UpdatePodSandboxResourcesRequest request, ServerCallContext context) =>
        Call(() =>
        {
            var sandbox = _sandboxes.Get(request.PodSandboxId);
            Log.PodResourcesUpdated(_logger, sandbox.Id, request.Resources?.ToString() ?? "{}");
            return Task.FromResult(new UpdatePodSandboxResourcesResponse());
        });
}
