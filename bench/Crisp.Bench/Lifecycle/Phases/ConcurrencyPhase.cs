using System.Diagnostics;
using Runtime.V1;

namespace Crisp.Bench.Lifecycle.Phases;

/// <summary>What the throughput phase measured: per round, the wall time until all pods ran, and until all were gone again.</summary>
internal sealed record ConcurrencyReport(int Pods, int Rounds, Latency StartWallMs, double PodsPerSecond, Latency PodStartMs, Latency TeardownWallMs, int FailedPods);

/// <summary>
/// Throughput: <c>--concurrency</c> pods started at once (each RunPodSandbox → CreateContainer → StartContainer on the
/// shared channel), timed until the last one runs; then all torn down at once (StopContainer, RemoveContainer,
/// StopPodSandbox, RemovePodSandbox), timed until the last one is gone. Pods per second = pods / median start wall time.
/// </summary>
internal static class ConcurrencyPhase
{
    public const string Name = "concurrency";

    public static async Task<ConcurrencyReport> RunAsync(Session session)
    {
        var options = session.Options;
        var startWalls = new List<double>();
        var teardownWalls = new List<double>();
        var podStarts = new List<double>();
        var failed = 0;
        for (var round = 0; round < options.Rounds; round++)
        {
            session.Ct.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            var started = await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(k => StartPodAsync(session, $"cc-{round}-{k}", clock)));
            var startWall = clock.Elapsed.TotalMilliseconds;
            var ok = started.Where(p => p.Error is null).ToList();
            failed += started.Length - ok.Count;
            foreach (var pod in started.Where(p => p.Error is not null))
            {
                session.Recorder.Fail(Name, pod.Error!);
            }

            if (ok.Count == started.Length)
            {
                startWalls.Add(startWall);
                podStarts.AddRange(ok.Select(p => p.StartMs));
            }

            clock.Restart();
            var torn = await Task.WhenAll(ok.Select(p => TearDownAsync(session, p.PodId!, p.ContainerId!)));
            if (torn.All(t => t))
            {
                teardownWalls.Add(clock.Elapsed.TotalMilliseconds);
            }

            foreach (var pod in started.Where(p => p.Error is not null && p.PodId is not null))
            {
                await session.RemovePodQuietlyAsync(pod.PodId!);
            }
        }

        var start = Latency.Of(startWalls);
        var perSecond = startWalls.Count == 0 ? double.NaN : Math.Round(options.Concurrency / (start.MedianMs / 1000), 2);
        return new ConcurrencyReport(options.Concurrency, options.Rounds, start, perSecond, Latency.Of(podStarts), Latency.Of(teardownWalls), failed);
    }

    private static async Task<StartedPod> StartPodAsync(Session session, string name, Stopwatch round)
    {
        var runtime = session.Runtime;
        var ct = session.Ct;
        var begin = round.Elapsed;
        string? podId = null;
        try
        {
            var pod = session.Requests.Pod(name);
            var create = session.Container(pod, "bench");
            podId = (await runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = pod }, deadline: Deadline, cancellationToken: ct)).PodSandboxId;
            create.PodSandboxId = podId;
            var containerId = (await runtime.CreateContainerAsync(create, deadline: Deadline, cancellationToken: ct)).ContainerId;
            await runtime.StartContainerAsync(new StartContainerRequest { ContainerId = containerId }, deadline: Deadline, cancellationToken: ct);
            return new StartedPod(podId, containerId, (round.Elapsed - begin).TotalMilliseconds, null);
        }
        catch (Grpc.Core.RpcException e)
        {
            var step = podId is null ? "RunPodSandbox" : "CreateContainer/StartContainer";
            return new StartedPod(podId, null, 0, new OperationFailedException($"{step} ({name})", e.StatusCode.ToString(), e.Status.Detail, round.Elapsed - begin, e));
        }
    }

    private static async Task<bool> TearDownAsync(Session session, string podId, string containerId)
    {
        var runtime = session.Runtime;
        var ct = session.Ct;
        try
        {
            await runtime.StopContainerAsync(new StopContainerRequest { ContainerId = containerId, Timeout = CriRequests.StopTimeoutSeconds }, deadline: Deadline, cancellationToken: ct);
            await runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = containerId }, deadline: Deadline, cancellationToken: ct);
            await runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = podId }, deadline: Deadline, cancellationToken: ct);
            await runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = podId }, deadline: Deadline, cancellationToken: ct);
            return true;
        }
        catch (Grpc.Core.RpcException e)
        {
            session.Recorder.Fail(Name, new OperationFailedException($"teardown of pod {podId}", e.StatusCode.ToString(), e.Status.Detail, TimeSpan.Zero, e));
            await session.RemovePodQuietlyAsync(podId);
            return false;
        }
    }

    private static DateTime Deadline => DateTime.UtcNow.Add(Recorder.CallTimeout);

    private sealed record StartedPod(string? PodId, string? ContainerId, double StartMs, OperationFailedException? Error);
}
