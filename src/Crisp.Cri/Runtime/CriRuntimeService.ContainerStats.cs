using Grpc.Core;
using Runtime.V1;

namespace Crisp.Cri.Runtime;

public sealed partial class CriRuntimeService
{
    /// <summary>NotFound for an unknown id; an exited container answers its attributes and writable layer only (no cgroup is left).</summary>
    public override Task<ContainerStatsResponse> ContainerStats(ContainerStatsRequest request, ServerCallContext context) =>
        Call(() => Task.FromResult(new ContainerStatsResponse { Stats = _stats.Container(request.ContainerId) }));
}
