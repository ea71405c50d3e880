using System.Diagnostics;
using Crisp.Bench.Infrastructure;
using Crisp.IntegrationTests.Harness;
using Grpc.Core;
using Grpc.Net.Client;
using Runtime.V1;

namespace Crisp.Bench.Lifecycle.Daemons;

/// <summary>
/// Waits until a freshly spawned daemon (crisp or containerd) answers the CRI Version call on its socket, polling every
/// 5 ms: one loop for both, so both runtimes' exec-to-socket-ready times are measured alike.
/// </summary>
internal static class SocketReadiness
{
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(60);

    public static async Task WaitAsync(string name, ChildProcess process, string socket, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = UnixSocketHttp.Handler(socket) });
        var runtime = new RuntimeService.RuntimeServiceClient(channel);
        while (clock.Elapsed < _timeout)
        {
            if (process.HasExited)
            {
                throw new BenchException($"{name} exited with {process.ExitCode} during start:\n{ProcessRun.Tail(process.Output, 4000)}");
            }

            if (File.Exists(socket))
            {
                try
                {
                    await runtime.VersionAsync(new VersionRequest(), deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: ct);
                    return;
                }
                catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
                {
                    // Not accepting yet.
                }
            }

            await Task.Delay(5, ct);
        }

        throw new BenchException($"{name} did not serve on {socket} within {_timeout}:\n{ProcessRun.Tail(process.Output, 4000)}");
    }
}
