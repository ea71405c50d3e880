using Crisp.Bench.Lifecycle.Host;
using Runtime.V1;

namespace Crisp.Bench.Lifecycle.Phases;

/// <summary>Runs one pod with one container (untimed), measures its monitor processes' memory after a second, removes the pod.</summary>
internal static class MonitorProbe
{
    public static async Task<MemoryUse> MeasureAsync(Session session)
    {
        var pod = session.Requests.Pod("monitor");
        var create = session.Container(pod, "bench");
        var deadline = DateTime.UtcNow.Add(Recorder.CallTimeout);
        var podId = (await session.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = pod }, deadline: deadline, cancellationToken: session.Ct)).PodSandboxId;
        try
        {
            create.PodSandboxId = podId;
            var id = (await session.Runtime.CreateContainerAsync(create, deadline: deadline, cancellationToken: session.Ct)).ContainerId;
            await session.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id }, deadline: deadline, cancellationToken: session.Ct);
            await Task.Delay(TimeSpan.FromSeconds(1), session.Ct);
            return MemoryUse.Of(session.Daemon.MonitorPids());
        }
        finally
        {
            await session.RemovePodQuietlyAsync(podId);
        }
    }
}
