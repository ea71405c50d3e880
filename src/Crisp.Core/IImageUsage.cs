namespace Crisp.Core;

/// <summary>Whether containers still use an image (RemoveImage refuses to remove one that is).</summary>
public interface IImageUsage
{
    bool IsInUse(string imageId);
}
