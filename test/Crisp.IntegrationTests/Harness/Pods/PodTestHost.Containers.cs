using System.Text.Json;
using Crisp.IntegrationTests.Harness.Registry;
using Runtime.V1;

namespace Crisp.IntegrationTests.Harness.Pods;

/// <summary>A pod the test ran: its id and the config it was run with (CreateContainer needs both).</summary>
public sealed record TestPod(string Id, PodSandboxConfig Config);

/// <summary>Containers: the busybox image, pods with the test's cgroup parent, and one helper per container RPC.</summary>
public sealed partial class PodTestHost
{
    /// <summary>The repository <see cref="TestImages.Busybox"/> is pushed to (once) on the shared anonymous registry.</summary>
    public const string BusyboxRepository = "crisp-test/containers/busybox";

    /// <summary>The shared anonymous registry (insecure in registries.conf) when started by <see cref="StartWithBusyboxAsync"/>.</summary>
    public TestRegistry? Registry { get; private set; }

    /// <summary>Busybox as pushed and pulled by <see cref="StartWithBusyboxAsync"/>.</summary>
    public PushedImage? BusyboxPushed { get; private set; }

    /// <summary>The busybox reference to put into container configs.</summary>
    public string Busybox => BusyboxPushed?.Reference ?? throw new InvalidOperationException("start the host with StartWithBusyboxAsync");

    /// <summary>
    /// A daemon whose registries.conf has the shared anonymous registry as insecure, with <see cref="TestImages.Busybox"/>
    /// pushed there and already pulled (CreateContainer needs the image in the store).
    /// </summary>
    public static async Task<PodTestHost> StartWithBusyboxAsync(Action<CrispDaemonFiles>? configure = null)
    {
        var registry = await (await SharedRegistries.CurrentAsync()).AnonymousAsync(Ct);
        var busybox = await registry.PushOnceAsync(TestImages.Busybox, BusyboxRepository);
        var host = await StartAsync(files =>
        {
            File.WriteAllText(files.RegistriesConf, $"""
                [[registry]]
                location = "{registry.Host}"
                insecure = true
                """);
            configure?.Invoke(files);
        });
        try
        {
            host.Registry = registry;
            await host.PullAsync(busybox.Reference);
            host.BusyboxPushed = busybox;
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Pushes <paramref name="image"/> to a repository of the test's own and pulls it; returns what was pushed.</summary>
    public async Task<PushedImage> PushAndPullAsync(TestImage image, string tag = "latest")
    {
        var registry = Registry ?? throw new InvalidOperationException("start the host with StartWithBusyboxAsync");
        var pushed = await registry.PushAsync(image, RepositoryNames.Unique(), tag, Ct);
        await PullAsync(pushed.Reference);
        return pushed;
    }

    public async Task<string> PullAsync(string image) =>
        (await Daemon.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = image } }, cancellationToken: Ct)).ImageRef;

    /// <summary>Runs a seed pod (<see cref="PodConfigs.Seed"/>) below <see cref="CgroupParent"/>, after <paramref name="configure"/>.</summary>
    public async Task<TestPod> RunPodAsync(string name = "nginx-sandbox", Action<PodSandboxConfig>? configure = null)
    {
        var config = PodConfigs.Seed(LogRoot, name);
        config.Linux.CgroupParent = CgroupParent;
        configure?.Invoke(config);
        return new TestPod(await RunAsync(config), config);
    }

    /// <summary>The cgroupfs path of a container: "&lt;pod cgroup parent&gt;/crisp-&lt;id&gt;".</summary>
    public string ContainerCgroup(string id) => $"{CgroupParent}/crisp-{id}";

    /// <summary>Where the container's CRI log goes: the pod's log_directory joined with the container's log_path.</summary>
    public static string LogPath(TestPod pod, ContainerConfig config) => Path.Join(pod.Config.LogDirectory, config.LogPath);

    /// <summary>CreateContainer, after creating the log directory as the kubelet does.</summary>
    public async Task<string> CreateContainerAsync(TestPod pod, ContainerConfig config) =>
        await CreateContainerAsync(pod.Id, pod.Config, config);

    /// <summary>CreateContainer with any sandbox id and config (for error tests), after creating the log directory as the kubelet does.</summary>
    public async Task<string> CreateContainerAsync(string podId, PodSandboxConfig? podConfig, ContainerConfig? config)
    {
        if (!string.IsNullOrEmpty(podConfig?.LogDirectory) && !string.IsNullOrEmpty(config?.LogPath))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Join(podConfig.LogDirectory, config.LogPath))!);
        }

        var request = new CreateContainerRequest { PodSandboxId = podId, Config = config, SandboxConfig = podConfig };
        return (await Runtime.CreateContainerAsync(request, cancellationToken: Ct)).ContainerId;
    }

    /// <summary>CreateContainer then StartContainer.</summary>
    public async Task<string> RunContainerAsync(TestPod pod, ContainerConfig config)
    {
        var id = await CreateContainerAsync(pod, config);
        await StartContainerAsync(id);
        return id;
    }

    public async Task StartContainerAsync(string id) =>
        await Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id }, cancellationToken: Ct);

    public async Task StopContainerAsync(string id, long timeoutSeconds = 10) =>
        await Runtime.StopContainerAsync(new StopContainerRequest { ContainerId = id, Timeout = timeoutSeconds }, cancellationToken: Ct);

    public async Task RemoveContainerAsync(string id) =>
        await Runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = id }, cancellationToken: Ct);

    public async Task<ContainerStatus> ContainerStatusAsync(string id) =>
        (await Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id }, cancellationToken: Ct)).Status;

    /// <summary>The verbose ContainerStatus's <c>info["info"]</c> JSON (pid, sandboxID, runtimeSpec).</summary>
    public async Task<JsonElement> ContainerInfoAsync(string id)
    {
        var response = await Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id, Verbose = true }, cancellationToken: Ct);
        if (!response.Info.TryGetValue("info", out var info))
        {
            throw new InvalidOperationException($"verbose ContainerStatus of {id} has no info[\"info\"]; keys: {string.Join(", ", response.Info.Keys)}");
        }

        using var document = JsonDocument.Parse(info);
        return document.RootElement.Clone();
    }

    /// <summary>The container's init pid from the verbose status.</summary>
    public async Task<int> ContainerPidAsync(string id) => (await ContainerInfoAsync(id)).GetProperty("pid").GetInt32();

    public async Task<IReadOnlyList<Container>> ListContainersAsync(ContainerFilter? filter = null) =>
        (await Runtime.ListContainersAsync(new ListContainersRequest { Filter = filter }, cancellationToken: Ct)).Containers;

    /// <summary>
    /// ExecSync, cancelled (StatusCode.Cancelled) a minute after the exec's own timeout so that a hanging daemon fails the
    /// test instead of blocking it. Not a gRPC deadline: that would fail with DeadlineExceeded, the status a timed-out
    /// exec must get from the daemon itself.
    /// </summary>
    public async Task<ExecSyncResponse> ExecSyncAsync(string id, long timeoutSeconds, params string[] command)
    {
        var request = new ExecSyncRequest { ContainerId = id, Timeout = timeoutSeconds };
        request.Cmd.AddRange(command);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cancel.CancelAfter(TimeSpan.FromSeconds(Math.Max(timeoutSeconds, 10) + 60));
        return await Runtime.ExecSyncAsync(request, cancellationToken: cancel.Token);
    }

    /// <summary>Waits until the container is reported exited and returns that status.</summary>
    public async Task<ContainerStatus> WaitForExitAsync(string id, TimeSpan? within = null)
    {
        ContainerStatus? status = null;
        await Eventually.TrueAsync(
            async () => (status = await ContainerStatusAsync(id)).State == ContainerState.ContainerExited,
            $"container {id} exits",
            within ?? TimeSpan.FromSeconds(60));
        return status!;
    }

    /// <summary>Waits until the container's log has the full stdout line <paramref name="content"/>.</summary>
    public static Task WaitForLogLineAsync(string logPath, string content, TimeSpan? within = null) =>
        Eventually.TrueAsync(() => CriLog.HasLine(logPath, content), $"{logPath} gets the line \"{content}\"", within ?? TimeSpan.FromSeconds(30));
}
