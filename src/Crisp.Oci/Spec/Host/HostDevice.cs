namespace Crisp.Oci.Spec.Host;

/// <summary>A device node found on the host.</summary>
internal sealed record HostDevice(string Path, string Type, long Major, long Minor, uint FileMode, uint Uid, uint Gid);

/// <summary>What exists at a host path: one device, a directory of devices, or something else (no devices).</summary>
internal sealed record DeviceLookup(string ResolvedPath, bool IsDirectory, IReadOnlyList<HostDevice> Devices);

/// <summary>Looks up device nodes on the host; faked in tests.</summary>
internal interface IDeviceProbe
{
    /// <summary>
    /// The device at <paramref name="hostPath"/> (symlinks followed), or every device below it when it is a
    /// directory; null when nothing exists there; no devices when it exists but is neither.
    /// </summary>
    DeviceLookup? Find(string hostPath);

    /// <summary>Every device under /dev a privileged container gets, as runc's HostDevices lists them.</summary>
    IReadOnlyList<HostDevice> ListHostDevices();
}
