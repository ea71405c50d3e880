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
            var filter = request.Filter is null
                ? null
                : new SandboxFilter { Id = request.Filter.Id, Labels = new Dictionary<string, string>(request.Filter.LabelSelector, StringComparer.Ordinal) };
            var response = new ListPodSandboxStatsResponse();
            response.Stats.Add(await _stats.PodsAsync(filter).ConfigureAwait(false));
            return response;
        });
}
