using System.Diagnostics;
using Crisp.Bench.Lifecycle.Host;
using Runtime.V1;

namespace Crisp.Bench.Lifecycle.Phases;

/// <summary>The list phase's figures, and the memory of the daemon and its monitors while the containers run.</summary>
internal sealed record ListReport(int Containers, int Pods, Latency ListContainersMs, Latency ListPodSandboxMs, double SetupWallMs, double TeardownWallMs,
    MemoryUse Daemon, MemoryUse Monitors, double MonitorVmRssPerContainerMib, int FailedContainers);

/// <summary>
/// <c>--list-containers</c> running containers in pods of <c>--containers-per-pod</c> (created four pods at a time),
/// then <c>--list-calls</c> unfiltered ListContainers and ListPodSandbox calls, timed one by one (and their item counts
/// checked), and the resident memory of the daemon and of all its monitor processes; then everything is removed.
/// </summary>
internal static class ListPhase
{
    public const string Name = "list";
    private const int Parallelism = 4;

    public static async Task<ListReport> RunAsync(Session session)
    {
        var options = session.Options;
        var podCount = (options.ListContainers + options.ContainersPerPod - 1) / options.ContainersPerPod;
        var pods = new List<string>();
        var failed = 0;
        var clock = Stopwatch.StartNew();
        await ForEachAsync(Enumerable.Range(0, podCount), async p =>
        {
            var containers = Math.Min(options.ContainersPerPod, options.ListContainers - (p * options.ContainersPerPod));
            var (podId, failures) = await CreatePodAsync(session, p, containers);
            lock (pods)
            {
                if (podId is not null)
                {
                    pods.Add(podId);
                }

                failed += failures;
            }
        });
        var setupWall = clock.Elapsed.TotalMilliseconds;

        await Task.Delay(TimeSpan.FromSeconds(2), session.Ct);
        var daemon = MemoryUse.Of(session.Daemon.Pid);
        var monitors = MemoryUse.Of(session.Daemon.MonitorPids());

        var listContainers = new List<double>();
        var listPods = new List<double>();
        var present = options.ListContainers - failed;
        for (var i = 0; i < options.ListCalls; i++)
        {
            var call = Stopwatch.StartNew();
            var containers = await session.Runtime.ListContainersAsync(new ListContainersRequest(), deadline: Deadline, cancellationToken: session.Ct);
            listContainers.Add(call.Elapsed.TotalMilliseconds);
            call.Restart();
            var sandboxes = await session.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest(), deadline: Deadline, cancellationToken: session.Ct);
            listPods.Add(call.Elapsed.TotalMilliseconds);
            if (i == 0 && (containers.Containers.Count != present || sandboxes.Items.Count != pods.Count))
            {
                session.Recorder.Fail(Name, new OperationFailedException("ListContainers/ListPodSandbox", "WrongAnswer",
                    $"{containers.Containers.Count} containers and {sandboxes.Items.Count} pods listed; {present} and {pods.Count} exist", TimeSpan.Zero));
            }
        }

        clock.Restart();
        await ForEachAsync(pods, session.RemovePodQuietlyAsync);
        var teardownWall = clock.Elapsed.TotalMilliseconds;
        var perContainer = present == 0 ? double.NaN : Math.Round(monitors.VmRssMib / present, 3);
        return new ListReport(present, pods.Count, Latency.Of(listContainers), Latency.Of(listPods), Math.Round(setupWall, 1), Math.Round(teardownWall, 1),
            daemon, monitors, perContainer, failed);
    }

    private static async Task<(string? PodId, int Failures)> CreatePodAsync(Session session, int index, int containers)
    {
        var runtime = session.Runtime;
        var ct = session.Ct;
        var pod = session.Requests.Pod($"ls-{index}");
        string podId;
        try
        {
            podId = (await runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = pod }, deadline: Deadline, cancellationToken: ct)).PodSandboxId;
        }
        catch (Grpc.Core.RpcException e)
        {
            session.Recorder.Fail(Name, new OperationFailedException($"RunPodSandbox ls-{index}", e.StatusCode.ToString(), e.Status.Detail, TimeSpan.Zero, e));
            return (null, containers);
        }

        var failures = 0;
        for (var c = 0; c < containers; c++)
        {
            var create = session.Container(pod, $"c{c}");
            create.PodSandboxId = podId;
            try
            {
                var id = (await runtime.CreateContainerAsync(create, deadline: Deadline, cancellationToken: ct)).ContainerId;
                await runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id }, deadline: Deadline, cancellationToken: ct);
            }
            catch (Grpc.Core.RpcException e)
            {
                failures++;
                session.Recorder.Fail(Name, new OperationFailedException($"CreateContainer/StartContainer ls-{index}/c{c}", e.StatusCode.ToString(), e.Status.Detail, TimeSpan.Zero, e));
            }
        }

        return (podId, failures);
    }

    private static Task ForEachAsync<T>(IEnumerable<T> items, Func<T, Task> body) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (item, _) => await body(item));

    private static DateTime Deadline => DateTime.UtcNow.Add(Recorder.CallTimeout);
}
