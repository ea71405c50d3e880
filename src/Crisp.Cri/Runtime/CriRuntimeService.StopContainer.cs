using Grpc.Core;
using Runtime.V1;

namespace Crisp.Cri.Runtime;

public sealed partial class CriRuntimeService
{
    /// <summary>The stop signal, <c>timeout</c> seconds, then SIGKILL. An exited or unknown container is fine (the kubelet retries).</summary>
    public override Task<StopContainerResponse> StopContainer(StopContainerRequest request, ServerCallContext context) =>
        Call(async () =>
        {
            var timeout = TimeSpan.FromSeconds(Math.Max(0, request.Timeout));
            await _containers.StopAsync(request.ContainerId, timeout, context.CancellationToken).ConfigureAwait(false);
            return new StopContainerResponse();
        });
}
