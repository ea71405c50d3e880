using Crisp.Oci.Spec.Building;
using Runtime.V1;

namespace Crisp.Oci.Spec;

public sealed partial class SandboxSpecBuilder
{
    private IReadOnlyDictionary<string, string> Annotations(SandboxSpecInput input, SandboxSpecInput resolved, string? hostname, string? cgroupParent, string seccompRef, bool privileged)
    {
        var config = input.Config;
        var metadata = config.Metadata ?? new PodSandboxMetadata();
        var set = new AnnotationSet();
        set.AddPassThrough(config.Labels);
        set.AddPassThrough(config.Annotations);
        var image = input.PauseImageName ?? _config.Image.PauseImage;
        var logPath = input.LogPath ?? (string.IsNullOrEmpty(config.LogDirectory) ? null : Path.Join(config.LogDirectory, input.SandboxId + ".log"));

        set.Set(CrispAnnotations.KubernetesPodName, metadata.Name);
        set.Set(CrispAnnotations.KubernetesPodNamespace, metadata.Namespace);
        set.Set(CrispAnnotations.KubernetesPodUid, metadata.Uid);

        set.Set(CrispAnnotations.CriContainerType, CrispAnnotations.ContainerTypeSandbox);
        set.Set(CrispAnnotations.CriSandboxId, input.SandboxId);
        set.Set(CrispAnnotations.CriSandboxName, metadata.Name);
        set.Set(CrispAnnotations.CriSandboxNamespace, metadata.Namespace);
        set.Set(CrispAnnotations.CriSandboxUid, metadata.Uid);
        set.Set(CrispAnnotations.CriSandboxLogDirectory, config.LogDirectory);
        set.Set(CrispAnnotations.CriSandboxImageName, image);

        set.Set(CrispAnnotations.ContainerType, CrispAnnotations.ContainerTypeSandbox);
        set.Set(CrispAnnotations.ContainerId, input.SandboxId);
        set.Set(CrispAnnotations.ContainerName, input.SandboxName);
        set.Set(CrispAnnotations.SandboxId, input.SandboxId);
        set.Set(CrispAnnotations.SandboxName, input.SandboxName);
        set.Set(CrispAnnotations.Name, input.SandboxName);
        set.Set(CrispAnnotations.KubeName, metadata.Name);
        set.Set(CrispAnnotations.Namespace, metadata.Namespace);
        set.Set(CrispAnnotations.Image, image);
        set.Set(CrispAnnotations.ImageName, image);
        set.Set(CrispAnnotations.LogPath, logPath);
        set.Set(CrispAnnotations.Labels, AnnotationSet.Json(config.Labels));
        set.Set(CrispAnnotations.Annotations, AnnotationSet.Json(config.Annotations));
        set.Set(CrispAnnotations.Metadata, AnnotationSet.Json(metadata.Name, metadata.Attempt));
        set.Set(CrispAnnotations.Created, AnnotationSet.Timestamp(input.Created ?? _time.GetUtcNow()));
        set.Set(CrispAnnotations.HostName, hostname);
        set.Set(CrispAnnotations.HostNetwork, resolved.Network!.Kind == NamespaceTargetKind.Host);
        set.Set(CrispAnnotations.PrivilegedRuntime, privileged);
        set.Set(CrispAnnotations.ShmPath, input.ShmPath);
        set.Set(CrispAnnotations.ResolvPath, input.ResolvConfPath);
        set.Set(CrispAnnotations.HostnamePath, input.HostnamePath);
        set.Set(CrispAnnotations.CgroupParent, cgroupParent);
        set.Set(CrispAnnotations.RuntimeHandler, input.RuntimeHandler);
        set.Set(CrispAnnotations.MountPoint, input.RootfsPath);
        set.Set(CrispAnnotations.SeccompProfilePath, seccompRef);
        set.Set(CrispAnnotations.ContainerManager, CrispAnnotations.ContainerManagerName);
        set.Set(CrispAnnotations.StopSignal, string.IsNullOrEmpty(input.PauseImage?.RunConfig.StopSignal) ? null : input.PauseImage.RunConfig.StopSignal);
        return set.ToDictionary();
    }
}
