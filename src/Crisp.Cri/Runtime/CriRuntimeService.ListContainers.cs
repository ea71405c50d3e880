using Crisp.Core.Containers;
using Grpc.Core;
using Runtime.V1;

namespace Crisp.Cri.Runtime;

public sealed partial class CriRuntimeService
{
    /// <summary>Filters: id and pod sandbox id (full or unique prefix), state, label selector (every label must match).</summary>
    public override Task<ListContainersResponse> ListContainers(ListContainersRequest request, ServerCallContext context) =>
        Call(() =>
        {
            var response = new ListContainersResponse();
            response.Containers.Add(_containers.List(FilterFrom(request.Filter)).Select(ContainerCriMapping.ToContainer));
            return Task.FromResult(response);
        });

    private static Core.Containers.ContainerFilter? FilterFrom(global::Runtime.V1.ContainerFilter? filter)
    {
        if (filter is null)
        {
            return null;
        }

        var state = filter.State is null ? (Core.Containers.ContainerState?)null : ContainerCriMapping.FromCri(filter.State.State);
        if (filter.State is not null && state is null)
        {
            // CONTAINER_UNKNOWN: no container of crisp's is ever in it.
            return new Core.Containers.ContainerFilter { Id = "-" };
        }

        return new Core.Containers.ContainerFilter
        {
            Id = filter.Id,
            SandboxId = filter.PodSandboxId,
            State = state,
            Labels = new Dictionary<string, string>(filter.LabelSelector),
        };
    }
}
