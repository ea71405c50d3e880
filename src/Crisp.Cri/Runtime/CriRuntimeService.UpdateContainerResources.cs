using Grpc.Core;
using Runtime.V1;

namespace Crisp.Cri.Runtime;

public sealed partial class CriRuntimeService
{
    /// <summary><c>runc update</c> of a created or running container with the new Linux resources.</summary>
    public override Task<UpdateContainerResourcesResponse> UpdateContainerResources(UpdateContainerResourcesRequest request, ServerCallContext context) =>
        Call(async () =>
        {
            await _containers.UpdateResourcesAsync(request.ContainerId, request.Linux, context.CancellationToken).ConfigureAwait(false);
            return new UpdateContainerResourcesResponse();
        });
}
