using Crisp.Core.Sandboxes;
using Grpc.Core;
using Runtime.V1;

namespace Crisp.Cri.Runtime;

public sealed partial class CriRuntimeService
{
    /// <summary>Every pod matching the filter's id (full or unique prefix) and labels, with its containers' stats.</summary>
    public override Task<ListPodSandboxStatsResponse> ListPodSandboxStats(ListPodSandboxStatsRequest request, ServerCallContext context) =>
        Call(async () =>
        {
            var response = new ListPodSandboxStatsResponse();
            response.Stats.Add(await _stats.PodsAsync(StatsFilterFrom(request.Filter)).ConfigureAwait(false));
            return response;
        });

    private static SandboxFilter? StatsFilterFrom(PodSandboxStatsFilter? filter) => filter is null
        ? null
        : new SandboxFilter { Id = filter.Id, Labels = new Dictionary<string, string>(filter.LabelSelector, StringComparer.Ordinal) };
}
