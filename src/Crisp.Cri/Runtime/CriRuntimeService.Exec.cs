using Crisp.Core.Containers;
using Crisp.Cri.Streaming;
using Grpc.Core;
using Runtime.V1;

namespace Crisp.Cri.Runtime;

public sealed partial class CriRuntimeService
{
    /// <summary>
    /// Checks the request (running container, a command, at least one stream, not tty with stderr) and returns the
    /// streaming server's URL with a single-use token; the command starts when the client connects.
    /// </summary>
    public override Task<ExecResponse> Exec(ExecRequest request, ServerCallContext context) =>
        Call(() =>
        {
            if (request.Cmd.Count == 0 || string.IsNullOrEmpty(request.Cmd[0]))
            {
                throw ContainerException.Invalid("Exec: cmd is empty");
            }

            var container = _containers.CheckStreamable(request.ContainerId, request.Stdin, request.Stdout, request.Stderr, request.Tty, "Exec");
            var token = IssueToken(new ExecStreamRequest(container.Id, [.. request.Cmd], request.Tty, request.Stdin, request.Stdout, request.Stderr));
            return Task.FromResult(new ExecResponse { Url = _streaming.UrlFor("exec", token) });
        });

    private string IssueToken(StreamRequest request)
    {
        try
        {
            return _streamTokens.Issue(request);
        }
        catch (InvalidOperationException e)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted, e.Message));
        }
    }
}
