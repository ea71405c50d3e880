using Grpc.Core;
using Runtime.V1;

namespace Crisp.Cri.Runtime;

public sealed partial class CriRuntimeService
{
    /// <summary>
    /// The create is not tied to the call: when the kubelet times out and retries, the retry gets the finished
    /// sandbox's id (or "name is reserved" while it is still being created), as with CRI-O.
    /// </summary>
    public override Task<RunPodSandboxResponse> RunPodSandbox(RunPodSandboxRequest request, ServerCallContext context) =>
        Call(async () => new RunPodSandboxResponse
        {
            PodSandboxId = await _sandboxes.RunAsync(request.Config, request.RuntimeHandler).ConfigureAwait(false),
        });
}
