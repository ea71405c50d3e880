using Grpc.Core;
using Runtime.V1;

namespace Crisp.Cri.Runtime;

public sealed partial class CriRuntimeService
{
    /// <summary>Idempotent: a removed or unknown sandbox is success; a running one is stopped first.</summary>
    public override Task<RemovePodSandboxResponse> RemovePodSandbox(RemovePodSandboxRequest request, ServerCallContext context) =>
        Call(async () =>
        {
            await _sandboxes.RemoveAsync(request.PodSandboxId, context.CancellationToken).ConfigureAwait(false);
            return new RemovePodSandboxResponse();
        });
}
