using Grpc.Core;
using Runtime.V1;

namespace Crisp.Cri.Runtime;

public sealed partial class CriRuntimeService
{
    /// <summary>Streamed answers carry at most this many entries each (CRI-O's chunk size).</summary>
    private const int StreamChunkSize = 3000;

    /// <summary>ListPodSandboxMetrics' answer sent in chunks of <see cref="StreamChunkSize"/>, as CRI-O.</summary>
    public override Task StreamPodSandboxMetrics(StreamPodSandboxMetricsRequest request, IServerStreamWriter<StreamPodSandboxMetricsResponse> responseStream, ServerCallContext context) =>
        Call(async () =>
        {
            var metrics = await _stats.MetricsAsync().ConfigureAwait(false);
            foreach (var chunk in metrics.Chunk(StreamChunkSize))
            {
                await responseStream.WriteAsync(new StreamPodSandboxMetricsResponse { PodSandboxMetrics = { chunk } }, context.CancellationToken).ConfigureAwait(false);
            }

            return true;
        });
}
