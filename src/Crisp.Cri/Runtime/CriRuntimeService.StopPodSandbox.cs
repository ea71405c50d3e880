using Grpc.Core;
using Runtime.V1;

namespace Crisp.Cri.Runtime;

public sealed partial class CriRuntimeService
{
    /// <summary>Idempotent: a stopped or unknown sandbox is success.</summary>
    public override Task<StopPodSandboxResponse> StopPodSandbox(StopPodSandboxRequest request, ServerCallContext context) =>
        Call(async () =>
        {
            await _sandboxes.StopAsync(request.PodSandboxId, context.CancellationToken).ConfigureAwait(false);
            return new StopPodSandboxResponse();
        });
}
