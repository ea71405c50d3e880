using Crisp.Core.Sandboxes;
using Crisp.Cri.Streaming;
using Grpc.Core;
using Runtime.V1;

namespace Crisp.Cri.Runtime;

public sealed partial class CriRuntimeService
{
    /// <summary>
    /// Checks the pod (it exists, is ready and has a network namespace of its own) and the ports, and returns the
    /// streaming URL; the connections to localhost:PORT inside the pod open when the client connects.
    /// </summary>
    public override Task<PortForwardResponse> PortForward(PortForwardRequest request, ServerCallContext context) =>
        Call(() =>
        {
            var sandbox = _sandboxes.Get(request.PodSandboxId);
            if (request.Port.Any(p => p is < 1 or > 65535))
            {
                throw SandboxException.Invalid($"PortForward: ports must be between 1 and 65535, got [{string.Join(", ", request.Port)}]");
            }

            if (sandbox.State != SandboxState.Ready || sandbox.NetworkNamespacePath is null)
            {
                throw new RpcException(new Status(
                    StatusCode.FailedPrecondition,
                    sandbox.NetworkNamespacePath is null
                        ? $"pod sandbox {sandbox.Id} uses the host's network; connect to the port on the node instead"
                        : $"pod sandbox {sandbox.Id} is not ready"));
            }

            var token = IssueToken(new PortForwardStreamRequest(sandbox.Id, [.. request.Port]));
            return Task.FromResult(new PortForwardResponse { Url = _streaming.UrlFor("portforward", token) });
        });
}
