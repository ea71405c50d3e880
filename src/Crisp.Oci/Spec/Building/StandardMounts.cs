using Crisp.Oci.Spec.Model;

namespace Crisp.Oci.Spec.Building;

/// <summary>The mounts every container gets (the same set runc spec and CRI-O start from).</summary>
internal static class StandardMounts
{
    public const string CgroupPath = "/sys/fs/cgroup";

    public static Mount Proc { get; } = new() { Destination = "/proc", Type = "proc", Source = "proc", Options = ["nosuid", "noexec", "nodev"] };

    public static Mount Dev { get; } = new() { Destination = "/dev", Type = "tmpfs", Source = "tmpfs", Options = ["nosuid", "strictatime", "mode=755", "size=65536k"] };

    public static Mount DevPts { get; } = new()
    {
        Destination = "/dev/pts",
        Type = "devpts",
        Source = "devpts",
        Options = ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"],
    };

    public static Mount Mqueue { get; } = new() { Destination = "/dev/mqueue", Type = "mqueue", Source = "mqueue", Options = ["nosuid", "noexec", "nodev"] };

    /// <summary>The pod's shared /dev/shm, or a private 64 MiB tmpfs when the pod has none.</summary>
    public static Mount Shm(string? podShmPath) => podShmPath is null
        ? new Mount { Destination = "/dev/shm", Type = "tmpfs", Source = "shm", Options = ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"] }
        : new Mount { Destination = "/dev/shm", Type = "bind", Source = podShmPath, Options = ["rw", "bind"] };

    /// <summary>sysfs: read-only unless privileged (then read-write and slave, as CRI-O).</summary>
    public static Mount Sys(bool privileged) => new()
    {
        Destination = "/sys",
        Type = "sysfs",
        Source = "sysfs",
        Options = privileged ? ["nosuid", "noexec", "nodev", "rw", "rslave"] : ["nosuid", "noexec", "nodev", "ro"],
    };

    /// <summary>The cgroup file system: read-only unless privileged.</summary>
    public static Mount Cgroup(bool privileged) => new()
    {
        Destination = CgroupPath,
        Type = "cgroup",
        Source = "cgroup",
        Options = privileged ? ["nosuid", "noexec", "nodev", "relatime", "rw", "rslave"] : ["nosuid", "noexec", "nodev", "relatime", "ro"],
    };

    /// <summary>A bind mount of a pod-level file.</summary>
    public static Mount BindFile(string destination, string source, bool readOnly, bool hardened) => new()
    {
        Destination = destination,
        Type = "bind",
        Source = source,
        Options = hardened ? [readOnly ? "ro" : "rw", "bind", "nodev", "nosuid", "noexec"] : [readOnly ? "ro" : "rw", "bind"],
    };

    /// <summary>The writable tmpfs mounts CRI-O adds when crio.conf makes every rootfs read-only.</summary>
    public static IEnumerable<Mount> ReadOnlyRootScratch() =>
        new[] { ("/run", "mode=0755"), ("/tmp", "mode=1777"), ("/var/tmp", "mode=1777") }.Select(m => new Mount
        {
            Destination = m.Item1,
            Type = "tmpfs",
            Source = "tmpfs",
            Options = ["rw", "noexec", "nosuid", "nodev", "tmpcopyup", m.Item2],
        });

    /// <summary>Removes "ro" and makes sure "rw" is there (privileged containers get writable default mounts).</summary>
    public static Mount Writable(Mount mount)
    {
        var options = mount.Options ?? [];
        return options.Contains("rw") ? mount : mount with { Options = [.. options.Where(o => o != "ro"), "rw"] };
    }
}
