using System.Diagnostics;
using Crisp.Bench.Infrastructure;
using Crisp.Bench.Lifecycle.Host;
using Runtime.V1;

namespace Crisp.Bench.Lifecycle.Phases;

/// <summary>
/// The pod lifecycles: per lifecycle, PullImage of an image not yet in the store (timed on its own), then back to back
/// RunPodSandbox, PullImage (busybox, already present), CreateContainer, StartContainer, ExecSync (echo), StopContainer
/// (2 s grace; the container exits on SIGTERM), RemoveContainer, StopPodSandbox, RemovePodSandbox. "Lifecycle" is the
/// wall time of those nine calls. Warm-up lifecycles run first and are not kept (the first one is reported as cold).
/// A failed call is recorded, its pod removed, and the next lifecycle runs; three failures in a row end the phase.
/// </summary>
internal static class LifecyclePhase
{
    public const string Name = "lifecycle";
    public const string Total = "Lifecycle";
    public const string PullUncached = "PullImage (uncached)";
    public const string PullCached = "PullImage (cached)";

    /// <summary>
    /// Derived, per lifecycle: containerd creates the runc container in StartContainer (CreateContainer only records it
    /// and prepares the snapshot), crisp in CreateContainer (conmon + runc create, as CRI-O), so the sum is the like-for-like figure.
    /// </summary>
    public const string CreateAndStart = "CreateContainer+StartContainer";

    public static readonly IReadOnlyList<string> Operations =
    [
        "RunPodSandbox", PullCached, PullUncached, "CreateContainer", "StartContainer", "ExecSync", "StopContainer", "RemoveContainer",
        "StopPodSandbox", "RemovePodSandbox",
    ];

    /// <summary>
    /// Returns the first (cold) lifecycle's time (null when it failed) and the daemon's VmRSS after each lifecycle
    /// (read between lifecycles, outside the timed calls), which shows whether its memory settles or keeps growing.
    /// </summary>
    public static async Task<(double? ColdMs, IReadOnlyList<double> VmRssMib)> RunAsync(Session session)
    {
        var options = session.Options;
        var rss = new List<double>();
        double? cold = null;
        var failuresInARow = 0;
        for (var i = 0; i < options.Warmup + options.Lifecycles; i++)
        {
            session.Ct.ThrowIfCancellationRequested();
            session.Recorder.Keeping = i >= options.Warmup;
            string? podId = null;
            try
            {
                var total = await OneAsync(session, i, id => podId = id);
                if (i == 0)
                {
                    cold = Math.Round(total, 2);
                }

                session.Recorder.Add(Total, total);
                failuresInARow = 0;
            }
            catch (OperationFailedException e)
            {
                session.Recorder.Fail(Name, e);
                if (podId is not null)
                {
                    await session.RemovePodQuietlyAsync(podId);
                }

                if (++failuresInARow >= 3)
                {
                    throw new BenchException($"three lifecycles in a row failed; the last: {e.Message}");
                }
            }

            rss.Add(MemoryUse.Of(session.Daemon.Pid).VmRssMib);
        }

        session.Recorder.Keeping = true;
        return (cold, rss);
    }

    private static async Task<double> OneAsync(Session session, int index, Action<string> podCreated)
    {
        var runtime = session.Runtime;
        var images = session.ImageService;
        var recorder = session.Recorder;
        var ct = session.Ct;
        var uncached = session.Images.Uncached[index];
        await recorder.TimeAsync(PullUncached, d => images.PullImageAsync(CriRequests.Pull(uncached), deadline: d, cancellationToken: ct).ResponseAsync);

        var pod = session.Requests.Pod($"lc-{index}");
        var create = session.Container(pod, "bench");
        var clock = Stopwatch.StartNew();
        var podId = (await recorder.TimeAsync("RunPodSandbox", d => runtime.RunPodSandboxAsync(
            new RunPodSandboxRequest { Config = pod }, deadline: d, cancellationToken: ct).ResponseAsync)).PodSandboxId;
        podCreated(podId);
        await recorder.TimeAsync(PullCached, d => images.PullImageAsync(CriRequests.Pull(session.Images.Busybox, pod), deadline: d, cancellationToken: ct).ResponseAsync);
        create.PodSandboxId = podId;
        var createAndStart = Stopwatch.StartNew();
        var containerId = (await recorder.TimeAsync("CreateContainer", d => runtime.CreateContainerAsync(create, deadline: d, cancellationToken: ct).ResponseAsync)).ContainerId;
        await recorder.TimeAsync("StartContainer", d => runtime.StartContainerAsync(
            new StartContainerRequest { ContainerId = containerId }, deadline: d, cancellationToken: ct).ResponseAsync);
        recorder.Add(CreateAndStart, createAndStart.Elapsed.TotalMilliseconds);
        var exec = await recorder.TimeAsync("ExecSync", d => runtime.ExecSyncAsync(CriRequests.Exec(containerId), deadline: d, cancellationToken: ct).ResponseAsync);
        await recorder.TimeAsync("StopContainer", d => runtime.StopContainerAsync(
            new StopContainerRequest { ContainerId = containerId, Timeout = CriRequests.StopTimeoutSeconds }, deadline: d, cancellationToken: ct).ResponseAsync);
        await recorder.TimeAsync("RemoveContainer", d => runtime.RemoveContainerAsync(
            new RemoveContainerRequest { ContainerId = containerId }, deadline: d, cancellationToken: ct).ResponseAsync);
        await recorder.TimeAsync("StopPodSandbox", d => runtime.StopPodSandboxAsync(
            new StopPodSandboxRequest { PodSandboxId = podId }, deadline: d, cancellationToken: ct).ResponseAsync);
        await recorder.TimeAsync("RemovePodSandbox", d => runtime.RemovePodSandboxAsync(
            new RemovePodSandboxRequest { PodSandboxId = podId }, deadline: d, cancellationToken: ct).ResponseAsync);
        clock.Stop();

        var stdout = exec.Stdout.ToStringUtf8();
        if (exec.ExitCode != 0 || stdout != CriRequests.ExecMarker + "\n")
        {
            // Recorded as a failure, but the lifecycle's timings stand: every call succeeded.
            recorder.Fail(Name, new OperationFailedException("ExecSync", "WrongAnswer",
                $"exit code {exec.ExitCode}, stdout '{stdout}', stderr '{exec.Stderr.ToStringUtf8()}' (expected exit 0 and '{CriRequests.ExecMarker}')", TimeSpan.Zero));
        }

        return clock.Elapsed.TotalMilliseconds;
    }
}
