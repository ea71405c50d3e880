using Grpc.Core;
using Runtime.V1;

namespace Crisp.Cri.Runtime;

public sealed partial class CriRuntimeService
{
    /// <summary>ListPodSandboxStats' answer sent in chunks of <see cref="StreamChunkSize"/>, as CRI-O.</summary>
    public override Task StreamPodSandboxStats(StreamPodSandboxStatsRequest request, IServerStreamWriter<StreamPodSandboxStatsResponse> responseStream, ServerCallContext context) =>
        Call(async () =>
        {
            var stats = await _stats.PodsAsync(StatsFilterFrom(request.Filter)).ConfigureAwait(false);
            foreach (var chunk in stats.Chunk(StreamChunkSize))
            {
                await responseStream.WriteAsync(new StreamPodSandboxStatsResponse { PodSandboxStats = { chunk } }, context.CancellationToken).ConfigureAwait(false);
            }

            return true;
        });
}
