using Crisp.Linux;

namespace Crisp.Core.Sandboxes;

/// <summary>The pod's shared /dev/shm: a tmpfs on the host that every container of the pod bind-mounts.</summary>
public interface IPodShm
{
    /// <summary>Creates <paramref name="path"/> and mounts the tmpfs there.</summary>
    void Mount(string path);

    /// <summary>Unmounts it (lazily when busy); nothing mounted is fine. Returns whether something was unmounted.</summary>
    bool Unmount(string path);
}

/// <summary>
/// <see cref="IPodShm"/> as CRI-O does it: <c>tmpfs</c> named <c>shm</c>, <c>nosuid,nodev,noexec</c>,
/// <c>mode=1777,size=65536k</c> (64 MiB).
/// </summary>
public sealed class TmpfsPodShm : IPodShm
{
    public const string Options = "mode=1777,size=65536k";

    public void Mount(string path)
    {
        Directory.CreateDirectory(path);
        if (!MountCalls.IsMountPoint(path))
        {
            MountCalls.Mount("shm", path, "tmpfs", MountFlags.NoSuid | MountFlags.NoDev | MountFlags.NoExec, Options);
        }
    }

    public bool Unmount(string path)
    {
        var unmounted = false;
        for (var i = 0; i < 8 && MountCalls.IsMountPoint(path) && MountCalls.Unmount(path, detachIfBusy: true); i++)
        {
            unmounted = true;
        }

        return unmounted;
    }
}
