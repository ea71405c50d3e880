using Grpc.Core;
using Runtime.V1;

namespace Crisp.Cri.Runtime;

public sealed partial class CriRuntimeService
{
    public override Task<StartContainerResponse> StartContainer(StartContainerRequest request, ServerCallContext context) =>
        Call(async () =>
        {
            await _containers.StartAsync(request.ContainerId, context.CancellationToken).ConfigureAwait(false);
            return new StartContainerResponse();
        });
}
