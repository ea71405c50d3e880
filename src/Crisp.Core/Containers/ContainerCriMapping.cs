using Cri = Runtime.V1;

namespace Crisp.Core.Containers;

/// <summary>Containers as the CRI messages that describe them.</summary>
public static class ContainerCriMapping
{
    public static Cri.Container ToContainer(Container container)
    {
        var item = new Cri.Container
        {
            Id = container.Id,
            PodSandboxId = container.SandboxId,
            Metadata = Metadata(container),
            Image = new Cri.ImageSpec { Image = container.ImageName },
            ImageRef = container.ImageRef,
            ImageId = container.ImageId,
            State = State(container.State),
            CreatedAt = container.CreatedAt,
        };
        item.Labels.Add(new Dictionary<string, string>(container.Labels));
        item.Annotations.Add(new Dictionary<string, string>(container.Annotations));
        return item;
    }

    /// <summary>ContainerStatus: times in nanoseconds, exit code and reason once exited, the mounts and resources as requested (resources as last updated).</summary>
    public static Cri.ContainerStatus ToStatus(Container container)
    {
        var config = container.ReadConfig();
        var status = new Cri.ContainerStatus
        {
            Id = container.Id,
            Metadata = Metadata(container),
            State = State(container.State),
            CreatedAt = container.CreatedAt,
            StartedAt = container.StartedAt,
            FinishedAt = container.FinishedAt,
            ExitCode = container.ExitCode,
            Image = new Cri.ImageSpec { Image = container.ImageName },
            ImageRef = container.ImageRef,
            ImageId = container.ImageId,
            Reason = container.Reason,
            Message = container.Message,
            LogPath = container.LogPath,
        };
        status.Labels.Add(new Dictionary<string, string>(container.Labels));
        status.Annotations.Add(new Dictionary<string, string>(container.Annotations));
        status.Mounts.Add(config.Mounts);
        if (config.Linux?.Resources is { } resources)
        {
            status.Resources = new Cri.ContainerResources { Linux = resources };
        }

        return status;
    }

    public static Cri.ContainerState State(ContainerState state) => state switch
    {
        ContainerState.Created => Cri.ContainerState.ContainerCreated,
        ContainerState.Running => Cri.ContainerState.ContainerRunning,
        ContainerState.Exited => Cri.ContainerState.ContainerExited,
        _ => Cri.ContainerState.ContainerUnknown,
    };

    /// <summary>The crisp state a CRI filter state names; null for CONTAINER_UNKNOWN (no crisp container is in it).</summary>
    public static ContainerState? FromCri(Cri.ContainerState state) => state switch
    {
        Cri.ContainerState.ContainerCreated => ContainerState.Created,
        Cri.ContainerState.ContainerRunning => ContainerState.Running,
        Cri.ContainerState.ContainerExited => ContainerState.Exited,
        _ => null,
    };

    internal static Cri.ContainerMetadata Metadata(Container container) =>
        new() { Name = container.MetadataName, Attempt = container.Attempt };
}
