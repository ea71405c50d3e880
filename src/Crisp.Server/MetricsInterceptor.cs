using System.Diagnostics;
using Crisp.Core.Metrics;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Crisp.Server;

/// <summary>Counts every CRI call by its RPC name, with its latency, and the calls that failed.</summary>
internal sealed class MetricsInterceptor(CrispMetrics metrics) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var start = Stopwatch.GetTimestamp();
        var failed = true;
        try
        {
            var response = await continuation(request, context).ConfigureAwait(false);
            failed = false;
            return response;
        }
        finally
        {
            metrics.OperationCompleted(Operation(context.Method), Stopwatch.GetElapsedTime(start), failed);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var start = Stopwatch.GetTimestamp();
        var failed = true;
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
            failed = false;
        }
        finally
        {
            metrics.OperationCompleted(Operation(context.Method), Stopwatch.GetElapsedTime(start), failed);
        }
    }

    /// <summary>The RPC's name, as CRI-O labels it: <c>/runtime.v1.RuntimeService/Version</c> → <c>Version</c>.</summary>
    internal static string Operation(string method) => method[(method.LastIndexOf('/') + 1)..];
}
