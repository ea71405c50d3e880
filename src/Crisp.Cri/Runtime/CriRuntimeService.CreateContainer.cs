using Grpc.Core;
using Runtime.V1;

namespace Crisp.Cri.Runtime;

public sealed partial class CriRuntimeService
{
    /// <summary>The create is not tied to the call: once started it finishes (or is undone) even if the kubelet goes away.</summary>
    public override Task<CreateContainerResponse> CreateContainer(CreateContainerRequest request, ServerCallContext context) =>
        Call(async () => new CreateContainerResponse
        {
            ContainerId = await _containers.CreateAsync(request.PodSandboxId, request.Config, request.SandboxConfig).ConfigureAwait(false),
        });
}
