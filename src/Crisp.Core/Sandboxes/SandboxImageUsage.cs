namespace Crisp.Core.Sandboxes;

/// <summary>An image is in use while a pod's infra container runs from it (containers add their own check later).</summary>
public sealed class SandboxImageUsage(SandboxManager sandboxes) : IImageUsage
{
    public bool IsInUse(string imageId) => sandboxes.IsImageInUse(imageId);
}
