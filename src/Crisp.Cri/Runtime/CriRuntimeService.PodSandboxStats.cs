using Grpc.Core;
using Runtime.V1;

namespace Crisp.Cri.Runtime;

public sealed partial class CriRuntimeService
{
    /// <summary>NotFound for an unknown id; the pod's cgroup, network namespace counters and running containers.</summary>
    public override Task<PodSandboxStatsResponse> PodSandboxStats(PodSandboxStatsRequest request, ServerCallContext context) =>
        Call(async () => new PodSandboxStatsResponse { Stats = await _stats.PodAsync(request.PodSandboxId).ConfigureAwait(false) });
}
