using Crisp.Linux;

namespace Crisp.Storage.Rootfs;

internal static class RootfsMounts
{
    /// <summary>Unmounts everything stacked on <paramref name="target"/> (lazily detaching busy mounts).</summary>
    public static void Unmount(string target)
    {
        for (var i = 0; i < 16 && MountCalls.IsMountPoint(target); i++)
        {
            if (!MountCalls.Unmount(target))
            {
                return;
            }
        }
    }
}
