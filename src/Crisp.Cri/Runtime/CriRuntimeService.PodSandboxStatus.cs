using Crisp.Core.Sandboxes;
using Grpc.Core;
using Runtime.V1;

namespace Crisp.Cri.Runtime;

public sealed partial class CriRuntimeService
{
    /// <summary>NotFound for an unknown id; <c>verbose</c> adds the sandbox state as JSON under <c>info["info"]</c>, as CRI-O.</summary>
    public override Task<PodSandboxStatusResponse> PodSandboxStatus(PodSandboxStatusRequest request, ServerCallContext context) =>
        Call(() =>
        {
            var sandbox = _sandboxes.Get(request.PodSandboxId);
            var response = new PodSandboxStatusResponse
            {
                Status = SandboxCriMapping.ToStatus(sandbox),
                Timestamp = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100,
            };
            if (request.Verbose)
            {
                response.Info["info"] = _sandboxes.VerboseInfo(sandbox);
            }

            return Task.FromResult(response);
        });
}
