using Grpc.Core;
using Runtime.V1;

namespace Crisp.Cri.Runtime;

public sealed partial class CriRuntimeService
{
    /// <summary>As CRI-O: containers that have not exited, filtered by id, pod sandbox id (full or unique prefix) and labels.</summary>
    public override Task<ListContainerStatsResponse> ListContainerStats(ListContainerStatsRequest request, ServerCallContext context) =>
        Call(() =>
        {
            var filter = request.Filter is null
                ? new Core.Containers.ContainerFilter()
                : new Core.Containers.ContainerFilter
                {
                    Id = request.Filter.Id,
                    SandboxId = request.Filter.PodSandboxId,
                    Labels = new Dictionary<string, string>(request.Filter.LabelSelector),
                };
            var response = new ListContainerStatsResponse();
            response.Stats.Add(_stats.Containers(filter));
            return Task.FromResult(response);
        });
}
