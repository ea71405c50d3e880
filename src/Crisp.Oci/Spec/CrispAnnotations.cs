namespace Crisp.Oci.Spec;

/// <summary>
/// Annotation keys crisp writes into config.json: its own io.crisp.* keys (the counterparts of CRI-O's
/// io.kubernetes.cri-o.*), containerd's io.kubernetes.cri.* keys (read by tools and NRI plugins), and the
/// Kubernetes identity keys.
/// </summary>
public static class CrispAnnotations
{
    public const string Prefix = "io.crisp.";

    public const string ContainerId = Prefix + "ContainerID";
    public const string ContainerName = Prefix + "ContainerName";
    public const string ContainerType = Prefix + "ContainerType";
    public const string SandboxId = Prefix + "SandboxID";
    public const string SandboxName = Prefix + "SandboxName";
    public const string Name = Prefix + "Name";
    public const string Namespace = Prefix + "Namespace";
    public const string KubeName = Prefix + "KubeName";
    public const string LogPath = Prefix + "LogPath";
    public const string Image = Prefix + "Image";
    public const string ImageName = Prefix + "ImageName";
    public const string ImageRef = Prefix + "ImageRef";
    public const string Labels = Prefix + "Labels";
    public const string Annotations = Prefix + "Annotations";
    public const string Metadata = Prefix + "Metadata";
    public const string Created = Prefix + "Created";
    public const string Tty = Prefix + "TTY";
    public const string Stdin = Prefix + "Stdin";
    public const string StdinOnce = Prefix + "StdinOnce";
    public const string MountPoint = Prefix + "MountPoint";
    public const string SeccompProfilePath = Prefix + "SeccompProfilePath";
    public const string ResolvPath = Prefix + "ResolvPath";
    public const string HostnamePath = Prefix + "HostnamePath";
    public const string HostName = Prefix + "HostName";
    public const string ShmPath = Prefix + "ShmPath";
    public const string CgroupParent = Prefix + "CgroupParent";
    public const string HostNetwork = Prefix + "HostNetwork";
    public const string PrivilegedRuntime = Prefix + "PrivilegedRuntime";
    public const string RuntimeHandler = Prefix + "RuntimeHandler";

    public const string ContainerTypeContainer = "container";
    public const string ContainerTypeSandbox = "sandbox";

    /// <summary>Who manages the container (CRI-O writes "cri-o").</summary>
    public const string ContainerManager = "io.container.manager";
    public const string ContainerManagerName = "crisp";

    /// <summary>The image's stop signal (image-spec conversion key).</summary>
    public const string StopSignal = "org.opencontainers.image.stopSignal";

    public const string CriContainerType = "io.kubernetes.cri.container-type";
    public const string CriSandboxId = "io.kubernetes.cri.sandbox-id";
    public const string CriSandboxName = "io.kubernetes.cri.sandbox-name";
    public const string CriSandboxNamespace = "io.kubernetes.cri.sandbox-namespace";
    public const string CriSandboxUid = "io.kubernetes.cri.sandbox-uid";
    public const string CriSandboxLogDirectory = "io.kubernetes.cri.sandbox-log-directory";
    public const string CriSandboxImageName = "io.kubernetes.cri.podsandbox.image-name";
    public const string CriContainerName = "io.kubernetes.cri.container-name";
    public const string CriImageName = "io.kubernetes.cri.image-name";

    public const string KubernetesContainerName = "io.kubernetes.container.name";
    public const string KubernetesPodName = "io.kubernetes.pod.name";
    public const string KubernetesPodNamespace = "io.kubernetes.pod.namespace";
    public const string KubernetesPodUid = "io.kubernetes.pod.uid";
    public const string KubernetesRestartCount = "io.kubernetes.container.restartCount";
}
