using Crisp.Cri.Streaming;
using Grpc.Core;
using Runtime.V1;

namespace Crisp.Cri.Runtime;

public sealed partial class CriRuntimeService
{
    /// <summary>Checks the request (running container, at least one stream, not tty with stderr) and returns the streaming URL.</summary>
    public override Task<AttachResponse> Attach(AttachRequest request, ServerCallContext context) =>
        Call(() =>
        {
            var container = _containers.CheckStreamable(request.ContainerId, request.Stdin, request.Stdout, request.Stderr, request.Tty, "Attach");
            var token = IssueToken(new AttachStreamRequest(container.Id, request.Tty, request.Stdin, request.Stdout, request.Stderr));
            return Task.FromResult(new AttachResponse { Url = _streaming.UrlFor("attach", token) });
        });
}
