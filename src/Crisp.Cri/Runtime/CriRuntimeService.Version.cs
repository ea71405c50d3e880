using Crisp.Core;
using Grpc.Core;
using Runtime.V1;

namespace Crisp.Cri.Runtime;

public sealed partial class CriRuntimeService
{
    public override Task<VersionResponse> Version(VersionRequest request, ServerCallContext context) =>
        Task.FromResult(new VersionResponse
        {
            Version = RuntimeIdentity.KubeApiVersion,
            RuntimeName = RuntimeIdentity.Name,
            RuntimeVersion = RuntimeIdentity.Version,
            RuntimeApiVersion = RuntimeIdentity.ApiVersion,
        });
}
