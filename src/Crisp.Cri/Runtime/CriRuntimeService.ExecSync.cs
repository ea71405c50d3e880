using Google.Protobuf;
using Grpc.Core;
using Runtime.V1;

namespace Crisp.Cri.Runtime;

public sealed partial class CriRuntimeService
{
    /// <summary>
    /// Runs the command in the running container and returns its output and exit code; past <c>timeout</c> seconds
    /// (0 = none) the command is killed and the call fails with DeadlineExceeded.
    /// </summary>
    public override Task<ExecSyncResponse> ExecSync(ExecSyncRequest request, ServerCallContext context) =>
        Call(async () =>
        {
            var timeout = TimeSpan.FromSeconds(Math.Max(0, request.Timeout));
            var result = await _containers.ExecSyncAsync(request.ContainerId, [.. request.Cmd], timeout, context.CancellationToken).ConfigureAwait(false);
            return new ExecSyncResponse
            {
                Stdout = ByteString.CopyFrom(result.Stdout),
                Stderr = ByteString.CopyFrom(result.Stderr),
                ExitCode = result.ExitCode,
            };
        });
}
