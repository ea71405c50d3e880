using Crisp.Oci.Spec.Host;
using Crisp.Oci.Spec.Model;
using Cri = Runtime.V1;

namespace Crisp.Oci.Spec.Building;

/// <summary>
/// Device nodes and device cgroup rules, in CRI-O's order: deny everything (runc adds its standard devices
/// itself), then crio.conf's additional_devices, then every host device for privileged containers (with an
/// allow-all rule), then the CRI devices (a host directory brings every device below it).
/// </summary>
internal static class DeviceSet
{
    public sealed record Result(IReadOnlyList<LinuxDevice> Devices, IReadOnlyList<LinuxDeviceCgroup> Rules);

    public static LinuxDeviceCgroup DenyAll { get; } = new() { Allow = false, Access = "rwm" };

    public static Result Build(
        IReadOnlyList<Cri.Device> requested,
        IReadOnlyList<string> additional,
        bool privileged,
        bool privilegedWithoutHostDevices,
        (uint? Uid, uint? Gid) owner,
        IDeviceProbe probe)
    {
        var devices = new List<LinuxDevice>();
        var rules = new List<LinuxDeviceCgroup> { DenyAll };
        foreach (var entry in additional)
        {
            if (entry.Length == 0)
            {
                continue;
            }

            var (source, destination, access) = ParseAdditional(entry);
            var found = probe.Find(source) is { IsDirectory: false, Devices: [var device] } ? device : throw new ContainerSpecException($"additional device {source} is not a valid device");
            Add(devices, rules, device: found, path: destination, access, fileMode: found.FileMode, owner: (found.Uid, found.Gid));
        }

        if (privileged && !privilegedWithoutHostDevices)
        {
            foreach (var host in probe.ListHostDevices())
            {
                devices.Add(ToLinux(host, host.Path, host.FileMode, (host.Uid, host.Gid)));
            }

            rules.Clear();
            rules.Add(new LinuxDeviceCgroup { Allow = true, Access = "rwm" });
        }

        foreach (var device in requested)
        {
            AddRequested(devices, rules, device, privileged, owner, probe);
        }

        return new Result(Dedupe(devices), rules);
    }

    private static void AddRequested(List<LinuxDevice> devices, List<LinuxDeviceCgroup> rules, Cri.Device device, bool privileged, (uint? Uid, uint? Gid) owner, IDeviceProbe probe)
    {
        var access = string.IsNullOrEmpty(device.Permissions) ? "rwm" : device.Permissions;
        if (!IsAccess(access))
        {
            throw new ContainerSpecException($"invalid device permissions \"{device.Permissions}\" for {device.HostPath}: use a combination of r, w and m");
        }

        if (!device.ContainerPath.StartsWith('/') || !device.HostPath.StartsWith('/'))
        {
            throw new ContainerSpecException($"device paths must be absolute (host \"{device.HostPath}\", container \"{device.ContainerPath}\")");
        }

        if (privileged && device.ContainerPath != device.HostPath && probe.Find(device.ContainerPath) is not null)
        {
            throw new ContainerSpecException($"privileged container was configured with device container path {device.ContainerPath}, which already exists on the host");
        }

        var lookup = probe.Find(device.HostPath) ?? throw new ContainerSpecException($"device {device.HostPath} does not exist on the host");
        if (lookup.Devices.Count == 0)
        {
            throw new ContainerSpecException($"{device.HostPath} is not a device or a directory of devices");
        }

        foreach (var host in lookup.Devices)
        {
            var path = lookup.IsDirectory
                ? BindSource.Clean(device.ContainerPath + "/" + host.Path[lookup.ResolvedPath.Length..])
                : device.ContainerPath;
            Add(devices, rules, host, path, access, fileMode: null, owner: (owner.Uid ?? host.Uid, owner.Gid ?? host.Gid));
        }
    }

    private static void Add(List<LinuxDevice> devices, List<LinuxDeviceCgroup> rules, HostDevice device, string path, string access, uint? fileMode, (uint Uid, uint Gid) owner)
    {
        devices.Add(ToLinux(device, path, fileMode ?? device.FileMode, owner));
        rules.Add(new LinuxDeviceCgroup { Allow = true, Type = device.Type, Major = device.Major, Minor = device.Minor, Access = access });
    }

    private static LinuxDevice ToLinux(HostDevice device, string path, uint fileMode, (uint Uid, uint Gid) owner) => new()
    {
        Path = path,
        Type = device.Type,
        Major = device.Major,
        Minor = device.Minor,
        FileMode = fileMode,
        Uid = owner.Uid,
        Gid = owner.Gid,
    };

    // A later device with the same container path replaces an earlier one (runc would fail on duplicates).
    private static List<LinuxDevice> Dedupe(List<LinuxDevice> devices)
    {
        var byPath = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<LinuxDevice>();
        foreach (var device in devices)
        {
            if (byPath.TryGetValue(device.Path, out var index))
            {
                result[index] = device;
            }
            else
            {
                byPath[device.Path] = result.Count;
                result.Add(device);
            }
        }

        return result;
    }

    /// <summary>"host[:container][:rwm]" as CRI-O parses additional_devices; the container path must be under /dev.</summary>
    public static (string Source, string Destination, string Access) ParseAdditional(string entry)
    {
        var fields = entry.Split(':');
        var source = fields[0];
        var destination = source;
        var access = "rwm";
        switch (fields.Length)
        {
            case 1:
                break;
            case 2 when IsAccess(fields[1]):
                access = fields[1];
                break;
            case 2 when fields[1].Length == 0 || fields[1].StartsWith('/'):
                destination = fields[1].Length == 0 ? source : fields[1];
                break;
            case 3 when (fields[1].Length == 0 || fields[1].StartsWith('/')) && IsAccess(fields[2]):
                destination = fields[1].Length == 0 ? source : fields[1];
                access = fields[2];
                break;
            default:
                throw new ContainerSpecException($"invalid device specification \"{entry}\" in additional_devices");
        }

        return source.StartsWith('/') && destination.StartsWith("/dev/", StringComparison.Ordinal)
            ? (source, destination, access)
            : throw new ContainerSpecException($"invalid device specification \"{entry}\" in additional_devices: the container path must be under /dev");
    }

    private static bool IsAccess(string access) =>
        access.Length is > 0 and <= 3 && access.All(c => c is 'r' or 'w' or 'm') && access.Distinct().Count() == access.Length;
}
