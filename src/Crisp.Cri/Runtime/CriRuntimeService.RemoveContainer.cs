using Grpc.Core;
using Runtime.V1;

namespace Crisp.Cri.Runtime;

public sealed partial class CriRuntimeService
{
    /// <summary>Kills a container that still runs, then removes it. An unknown container is fine (the kubelet retries).</summary>
    public override Task<RemoveContainerResponse> RemoveContainer(RemoveContainerRequest request, ServerCallContext context) =>
        Call(async () =>
        {
            await _containers.RemoveAsync(request.ContainerId, context.CancellationToken).ConfigureAwait(false);
            return new RemoveContainerResponse();
        });
}
