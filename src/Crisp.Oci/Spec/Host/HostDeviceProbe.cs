using Crisp.Linux;

namespace Crisp.Oci.Spec.Host;

/// <summary>Device lookups through lstat on the real host.</summary>
internal sealed class HostDeviceProbe : IDeviceProbe
{
    // runc skips these under /dev when it lists host devices; console is the container's own.
    private static readonly HashSet<string> _skippedDirectories = new(StringComparer.Ordinal)
    {
        "pts", "shm", "fd", "mqueue", ".lxc", ".lxd-mounts", ".udev",
    };

    private readonly string _devRoot;

    public HostDeviceProbe(string devRoot = "/dev")
    {
        _devRoot = devRoot;
    }

    public static HostDeviceProbe Instance { get; } = new();

    public DeviceLookup? Find(string hostPath)
    {
        var path = ScopedPath.Resolve("/", hostPath);
        if (!FileSystemCalls.TryLStat(path, out var status))
        {
            return null;
        }

        if (status.Kind == FileKind.Directory)
        {
            var found = new List<HostDevice>();
            Walk(path, found, skipRuncDirectories: false);
            return new DeviceLookup(path, IsDirectory: true, found);
        }

        var device = ToDevice(path, status);
        return new DeviceLookup(path, IsDirectory: false, device is null ? [] : [device]);
    }

    public IReadOnlyList<HostDevice> ListHostDevices()
    {
        var found = new List<HostDevice>();
        Walk(_devRoot, found, skipRuncDirectories: true);
        return found;
    }

    private static void Walk(string directory, List<HostDevice> found, bool skipRuncDirectories)
    {
        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }

        foreach (var entry in entries)
        {
            if (!FileSystemCalls.TryLStat(entry, out var status))
            {
                continue;
            }

            var name = Path.GetFileName(entry);
            if (status.Kind == FileKind.Directory)
            {
                if (!skipRuncDirectories || !_skippedDirectories.Contains(name))
                {
                    Walk(entry, found, skipRuncDirectories);
                }

                continue;
            }

            if (skipRuncDirectories && name == "console")
            {
                continue;
            }

            var device = ToDevice(entry, status);
            if (device is not null && !(device.Major == 0 && device.Minor == 0))
            {
                found.Add(device);
            }
        }
    }

    private static HostDevice? ToDevice(string path, FileStatus status)
    {
        var type = status.Kind switch
        {
            FileKind.CharDevice => "c",
            FileKind.BlockDevice => "b",
            _ => null,
        };
        return type is null
            ? null
            : new HostDevice(path, type, status.RdevMajor, status.RdevMinor, status.Permissions & 0xFFF, status.Uid, status.Gid);
    }
}
