namespace Crisp.Storage;

/// <summary>What to mount for a container's root file system.</summary>
/// <param name="LowerDirectories">The image's layer directories, topmost first (overlayfs lowerdir order).</param>
/// <param name="UpperDirectory">The container's writable directory (created if missing).</param>
/// <param name="WorkDirectory">overlayfs's work directory, on the same file system as the upper (created if missing).</param>
/// <param name="Target">Where the root file system appears (created if missing).</param>
public sealed record RootfsMountRequest(
    IReadOnlyList<string> LowerDirectories,
    string UpperDirectory,
    string WorkDirectory,
    string Target)
{
    public bool ReadOnly { get; init; }

    /// <summary>Device nodes in the image do not work (CRI-O's default mount option "nodev").</summary>
    public bool NoDev { get; init; }

    public bool NoSuid { get; init; }
}

/// <summary>Assembles a container's root file system from image layers.</summary>
public interface IRootfsDriver
{
    /// <summary>"overlay" or "vfs".</summary>
    string Name { get; }

    /// <summary>Mounts the root file system at the request's target; does nothing when something is already mounted there.</summary>
    void Mount(RootfsMountRequest request);

    /// <summary>Unmounts the target (lazily detaching when busy); does nothing when nothing is mounted.</summary>
    void Unmount(string target);

    /// <summary>Whether <paramref name="target"/> is a mount point.</summary>
    bool IsMounted(string target);
}
