using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace Crisp.Server;

/// <summary>Logs every CRI call at debug with its duration, and failures with their status.</summary>
internal sealed partial class RpcLoggingInterceptor(ILogger<RpcLoggingInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            var response = await continuation(request, context).ConfigureAwait(false);
            Completed(context.Method, Stopwatch.GetElapsedTime(start));
            return response;
        }
        catch (RpcException e)
        {
            Failed(context.Method, e.StatusCode, e.Status.Detail, Stopwatch.GetElapsedTime(start));
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Never let a bug take the daemon down or leak a stack trace to the client.
            LogCrashed(logger, context.Method, e);
            throw new RpcException(new Status(StatusCode.Internal, $"{context.Method} failed: {e.Message}"));
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
            Completed(context.Method, Stopwatch.GetElapsedTime(start));
        }
        catch (RpcException e)
        {
            Failed(context.Method, e.StatusCode, e.Status.Detail, Stopwatch.GetElapsedTime(start));
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogCrashed(logger, context.Method, e);
            throw new RpcException(new Status(StatusCode.Internal, $"{context.Method} failed: {e.Message}"));
        }
    }

    private void Completed(string method, TimeSpan elapsed) =>
        LogCompleted(logger, method, elapsed.TotalMilliseconds);

    private void Failed(string method, StatusCode code, string detail, TimeSpan elapsed) =>
        LogFailed(logger, method, code, detail, elapsed.TotalMilliseconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} done in {ElapsedMs:F3} ms")]
    private static partial void LogCompleted(ILogger logger, string method, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} failed with {Code} in {ElapsedMs:F3} ms: {Detail}")]
    private static partial void LogFailed(ILogger logger, string method, StatusCode code, string detail, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} threw an unexpected exception")]
    private static partial void LogCrashed(ILogger logger, string method, Exception exception);
}
