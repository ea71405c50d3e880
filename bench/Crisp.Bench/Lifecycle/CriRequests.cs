using Runtime.V1;

namespace Crisp.Bench.Lifecycle;

/// <summary>
/// The CRI requests of the benchmark, the same for every runtime: pods shaped like the kubelet's (namespace options
/// network POD, pid CONTAINER, ipc POD; a cgroupfs parent of the contestant's own; a log directory under its directory,
/// created beforehand as the kubelet does) and a busybox container that waits for SIGTERM and exits 0 on it.
/// </summary>
internal sealed class CriRequests
{
    public const string PodNamespace = "crisp-bench";
    public const string ExecMarker = "crisp-bench";

    /// <summary>StopContainer's grace period (the container exits on SIGTERM at once).</summary>
    public const long StopTimeoutSeconds = 2;

    private readonly string _logRoot;

    public CriRequests(string logRoot, string cgroupParent)
    {
        _logRoot = logRoot;
        CgroupParent = cgroupParent;
    }

    public string CgroupParent { get; }

    private static NamespaceOption Namespaces => new() { Network = NamespaceMode.Pod, Pid = NamespaceMode.Container, Ipc = NamespaceMode.Pod };

    public PodSandboxConfig Pod(string name)
    {
        var uid = Guid.NewGuid().ToString();
        var logDirectory = Path.Combine(_logRoot, $"{PodNamespace}_{name}_{uid}");
        Directory.CreateDirectory(logDirectory);
        return new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = name, Namespace = PodNamespace, Uid = uid, Attempt = 0 },
            Hostname = name,
            LogDirectory = logDirectory,
            Labels =
            {
                ["io.kubernetes.pod.name"] = name,
                ["io.kubernetes.pod.namespace"] = PodNamespace,
                ["io.kubernetes.pod.uid"] = uid,
            },
            Linux = new LinuxPodSandboxConfig
            {
                CgroupParent = CgroupParent,
                SecurityContext = new LinuxSandboxSecurityContext { NamespaceOptions = Namespaces },
            },
        };
    }

    /// <summary>A container of <paramref name="pod"/>; its log directory (kubelet: &lt;pod log dir&gt;/&lt;container&gt;/) is created here.</summary>
    public CreateContainerRequest Container(string podId, PodSandboxConfig pod, string name, string imageRef, string userImage)
    {
        Directory.CreateDirectory(Path.Combine(pod.LogDirectory, name));
        var config = new ContainerConfig
        {
            Metadata = new ContainerMetadata { Name = name, Attempt = 0 },
            Image = new ImageSpec { Image = imageRef, UserSpecifiedImage = userImage },
            Command = { "/bin/sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait" },
            LogPath = $"{name}/0.log",
            Labels =
            {
                ["io.kubernetes.container.name"] = name,
                ["io.kubernetes.pod.name"] = pod.Metadata.Name,
                ["io.kubernetes.pod.namespace"] = PodNamespace,
            },
            Linux = new LinuxContainerConfig
            {
                SecurityContext = new LinuxContainerSecurityContext { NamespaceOptions = Namespaces },
            },
        };
        return new CreateContainerRequest { PodSandboxId = podId, Config = config, SandboxConfig = pod };
    }

    public static PullImageRequest Pull(string reference, PodSandboxConfig? pod = null) =>
        new() { Image = new ImageSpec { Image = reference }, SandboxConfig = pod };

    public static ExecSyncRequest Exec(string containerId) => new() { ContainerId = containerId, Cmd = { "echo", ExecMarker }, Timeout = 10 };
}
