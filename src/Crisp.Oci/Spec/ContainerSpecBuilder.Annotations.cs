using Crisp.Oci.Spec.Building;
using Microsoft.Extensions.Logging;
using Runtime.V1;

namespace Crisp.Oci.Spec;

public sealed partial class ContainerSpecBuilder
{
    private IReadOnlyDictionary<string, string> Annotations(ContainerSpecInput input, string seccompRef)
    {
        var config = input.Config;
        var pod = input.SandboxConfig.Metadata ?? new PodSandboxMetadata();
        var set = new AnnotationSet();
        foreach (var key in set.AddPassThrough(config.Labels).Concat(set.AddPassThrough(config.Annotations)))
        {
            LogInvalidKey(_logger, key, input.ContainerId);
        }

        var requestedImage = config.Image?.Image ?? "";
        var imageName = input.ImageName ?? (string.IsNullOrEmpty(config.Image?.UserSpecifiedImage) ? requestedImage : config.Image.UserSpecifiedImage);
        var metadata = config.Metadata!;

        set.Set(CrispAnnotations.KubernetesContainerName, metadata.Name);
        set.Set(CrispAnnotations.KubernetesPodName, pod.Name);
        set.Set(CrispAnnotations.KubernetesPodNamespace, pod.Namespace);
        set.Set(CrispAnnotations.KubernetesPodUid, pod.Uid);
        set.SetIfAbsent(CrispAnnotations.KubernetesRestartCount, metadata.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));

        set.Set(CrispAnnotations.CriContainerType, CrispAnnotations.ContainerTypeContainer);
        set.Set(CrispAnnotations.CriSandboxId, input.Sandbox.Id);
        set.Set(CrispAnnotations.CriSandboxName, pod.Name);
        set.Set(CrispAnnotations.CriSandboxNamespace, pod.Namespace);
        set.Set(CrispAnnotations.CriSandboxUid, pod.Uid);
        set.Set(CrispAnnotations.CriContainerName, metadata.Name);
        set.Set(CrispAnnotations.CriImageName, imageName);

        set.Set(CrispAnnotations.ContainerType, CrispAnnotations.ContainerTypeContainer);
        set.Set(CrispAnnotations.ContainerId, input.ContainerId);
        set.Set(CrispAnnotations.ContainerName, input.ContainerName);
        set.Set(CrispAnnotations.Name, metadata.Name);
        set.Set(CrispAnnotations.SandboxId, input.Sandbox.Id);
        set.Set(CrispAnnotations.SandboxName, input.Sandbox.Name);
        set.Set(CrispAnnotations.Namespace, pod.Namespace);
        set.Set(CrispAnnotations.Image, requestedImage);
        set.Set(CrispAnnotations.ImageName, imageName);
        set.Set(CrispAnnotations.ImageRef, input.ImageRef);
        set.Set(CrispAnnotations.LogPath, LogPath(input));
        set.Set(CrispAnnotations.Labels, AnnotationSet.Json(config.Labels));
        set.Set(CrispAnnotations.Annotations, AnnotationSet.Json(config.Annotations));
        set.Set(CrispAnnotations.Metadata, AnnotationSet.Json(metadata.Name, metadata.Attempt));
        set.Set(CrispAnnotations.Created, AnnotationSet.Timestamp(input.Created ?? _time.GetUtcNow()));
        set.Set(CrispAnnotations.Tty, config.Tty);
        set.Set(CrispAnnotations.Stdin, config.Stdin);
        set.Set(CrispAnnotations.StdinOnce, config.StdinOnce);
        set.Set(CrispAnnotations.MountPoint, input.RootfsPath);
        set.Set(CrispAnnotations.SeccompProfilePath, seccompRef);
        set.Set(CrispAnnotations.ResolvPath, input.Sandbox.ResolvConfPath);
        set.Set(CrispAnnotations.ContainerManager, CrispAnnotations.ContainerManagerName);
        set.Set(CrispAnnotations.StopSignal, StopSignal(config.StopSignal, input.Image.RunConfig.StopSignal));
        return set.ToDictionary();
    }

    private static string? LogPath(ContainerSpecInput input)
    {
        if (input.LogPath is not null)
        {
            return input.LogPath;
        }

        var directory = input.SandboxConfig.LogDirectory;
        if (string.IsNullOrEmpty(directory))
        {
            return null;
        }

        var file = string.IsNullOrEmpty(input.Config.LogPath) ? input.ContainerId + ".log" : input.Config.LogPath;
        return Path.Join(directory, file);
    }

    private static string? StopSignal(Signal requested, string? image) =>
        requested == Signal.RuntimeDefault
            ? string.IsNullOrEmpty(image) ? null : image
            : requested.ToString().ToUpperInvariant();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignoring label or annotation with invalid key \"{Key}\" for container {ContainerId}")]
    private static partial void LogInvalidKey(ILogger logger, string key, string containerId);
}
