using Grpc.Core;
using Runtime.V1;

namespace Crisp.Cri.Runtime;

public sealed partial class CriRuntimeService
{
    /// <summary>conmon reopens the running container's log file after the kubelet rotated it.</summary>
    public override Task<ReopenContainerLogResponse> ReopenContainerLog(ReopenContainerLogRequest request, ServerCallContext context) =>
        Call(async () =>
        {
            await _containers.ReopenLogAsync(request.ContainerId, context.CancellationToken).ConfigureAwait(false);
            return new ReopenContainerLogResponse();
        });
}
