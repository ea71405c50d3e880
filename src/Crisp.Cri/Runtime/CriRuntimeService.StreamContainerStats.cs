using Grpc.Core;
using Runtime.V1;

namespace Crisp.Cri.Runtime;

public sealed partial class CriRuntimeService
{
    /// <summary>ListContainerStats' answer sent in chunks of <see cref="StreamChunkSize"/>, as CRI-O.</summary>
    public override Task StreamContainerStats(StreamContainerStatsRequest request, IServerStreamWriter<StreamContainerStatsResponse> responseStream, ServerCallContext context) =>
        Call(async () =>
        {
            foreach (var chunk in _stats.Containers(StatsFilterFrom(request.Filter)).Chunk(StreamChunkSize))
            {
                await responseStream.WriteAsync(new StreamContainerStatsResponse { ContainerStats = { chunk } }, context.CancellationToken).ConfigureAwait(false);
            }

            return true;
        });
}
