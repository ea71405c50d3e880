using Crisp.Core.Sandboxes;
using Grpc.Core;
using Runtime.V1;

namespace Crisp.Cri.Runtime;

public sealed partial class CriRuntimeService
{
    /// <summary>Filters: id (full or unique prefix), state, label selector (every label must match).</summary>
    public override Task<ListPodSandboxResponse> ListPodSandbox(ListPodSandboxRequest request, ServerCallContext context) =>
        Call(() =>
        {
            var response = new ListPodSandboxResponse();
            response.Items.Add(_sandboxes.List(SandboxCriMapping.FilterFrom(request.Filter)).Select(SandboxCriMapping.ToPodSandbox));
            return Task.FromResult(response);
        });
}
