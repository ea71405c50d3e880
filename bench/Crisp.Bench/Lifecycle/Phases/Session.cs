using Crisp.Bench.Lifecycle.Daemons;
using Grpc.Core;
using Runtime.V1;

namespace Crisp.Bench.Lifecycle.Phases;

/// <summary>One contestant's daemon while its phases run: the clients, the requests, the images, the recorder.</summary>
internal sealed class Session
{
    public Session(ICriDaemon daemon, CriRequests requests, LifecycleImages images, LifecycleOptions options, CancellationToken ct)
    {
        Daemon = daemon;
        Requests = requests;
        Images = images;
        Options = options;
        Ct = ct;
    }

    public ICriDaemon Daemon { get; }

    public RuntimeService.RuntimeServiceClient Runtime => Daemon.Runtime;

    public ImageService.ImageServiceClient ImageService => Daemon.Images;

    public CriRequests Requests { get; }

    public LifecycleImages Images { get; }

    public LifecycleOptions Options { get; }

    public CancellationToken Ct { get; }

    public Recorder Recorder { get; } = new();

    /// <summary>What PullImage answered for busybox (the kubelet creates containers with this image_ref).</summary>
    public string BusyboxImageRef { get; set; } = "";

    /// <summary>Untimed: pulls busybox and the pause image, so that the timed phases find them.</summary>
    public async Task PullBaseImagesAsync()
    {
        BusyboxImageRef = (await ImageService.PullImageAsync(CriRequests.Pull(Images.Busybox), deadline: Deadline, cancellationToken: Ct)).ImageRef;
        await ImageService.PullImageAsync(CriRequests.Pull(Images.Pause), deadline: Deadline, cancellationToken: Ct);
    }

    /// <summary>A container request for busybox in <paramref name="pod"/> (pod id filled in later).</summary>
    public CreateContainerRequest Container(PodSandboxConfig pod, string name) =>
        Requests.Container("", pod, name, BusyboxImageRef, Images.Busybox);

    /// <summary>
    /// Untimed teardown that carries on past errors (they are printed): stops and removes the pod's containers, then
    /// the pod. Used after a failed step and when a contestant ends.
    /// </summary>
    public async Task RemovePodQuietlyAsync(string podId)
    {
        try
        {
            var containers = await Runtime.ListContainersAsync(new ListContainersRequest { Filter = new ContainerFilter { PodSandboxId = podId } },
                deadline: Deadline, cancellationToken: CancellationToken.None);
            foreach (var container in containers.Containers)
            {
                await Quietly($"StopContainer {container.Id}", () => Runtime.StopContainerAsync(
                    new StopContainerRequest { ContainerId = container.Id, Timeout = CriRequests.StopTimeoutSeconds }, deadline: Deadline).ResponseAsync);
                await Quietly($"RemoveContainer {container.Id}", () => Runtime.RemoveContainerAsync(
                    new RemoveContainerRequest { ContainerId = container.Id }, deadline: Deadline).ResponseAsync);
            }
        }
        catch (RpcException e)
        {
            Console.Error.WriteLine($"bench: cleanup: ListContainers of pod {podId} failed: {e.StatusCode}: {e.Status.Detail}");
        }

        await Quietly($"StopPodSandbox {podId}", () => Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = podId }, deadline: Deadline).ResponseAsync);
        await Quietly($"RemovePodSandbox {podId}", () => Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = podId }, deadline: Deadline).ResponseAsync);
    }

    private static DateTime Deadline => DateTime.UtcNow.Add(Recorder.CallTimeout);

    private static async Task Quietly<T>(string what, Func<Task<T>> call)
    {
        try
        {
            await call();
        }
        catch (RpcException e)
        {
            Console.Error.WriteLine($"bench: cleanup: {what} failed: {e.StatusCode}: {e.Status.Detail}");
        }
    }
}
