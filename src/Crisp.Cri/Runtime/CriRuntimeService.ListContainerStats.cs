using Grpc.Core;
using Runtime.V1;

namespace Crisp.Cri.Runtime;

public sealed partial class CriRuntimeService
{
    /// <summary>As CRI-O: containers that have not exited, filtered by id, pod sandbox id (full or unique prefix) and labels.</summary>
    public override Task<ListContainerStatsResponse> ListContainerStats(ListContainerStatsRequest request, ServerCallContext context) =>
        Call(() =>
        {
            var response = new ListContainerStatsResponse();
            response.Stats.Add(_stats.Containers(StatsFilterFrom(request.Filter)));
            return Task.FromResult(response);
        });

    private static Core.Containers.ContainerFilter StatsFilterFrom(ContainerStatsFilter? filter) => filter is null
        ? new Core.Containers.ContainerFilter()
        : new Core.Containers.ContainerFilter
        {
            Id = filter.Id,
            SandboxId = filter.PodSandboxId,
            Labels = new Dictionary<string, string>(filter.LabelSelector),
        };
}
