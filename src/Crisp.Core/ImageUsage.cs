using Crisp.Core.Containers;
using Crisp.Core.Sandboxes;

namespace Crisp.Core;

/// <summary>An image is in use while a container was created from it or a pod's infra container runs from it.</summary>
public sealed class ImageUsage(SandboxManager sandboxes, ContainerManager containers) : IImageUsage
{
    public bool IsInUse(string imageId) => containers.IsImageInUse(imageId) || sandboxes.IsImageInUse(imageId);
}
