using Crisp.Oci.Spec.Model;
using Cri = Runtime.V1;

namespace Crisp.Oci.Spec.Building;

/// <summary>
/// The container's mount list: the standard mounts, the pod files (/etc/resolv.conf, /etc/hostname,
/// /etc/hosts, /dev/shm), /dev/termination-log and the CRI mounts. A CRI mount replaces a default one at the
/// same destination (and a CRI /dev or /sys replaces every default below it). The list is stably sorted by
/// destination depth so that no mount is hidden by a later mount of its parent.
/// </summary>
internal static class ContainerMounts
{
    public sealed record Result(IReadOnlyList<Mount> Mounts, string? RootfsPropagation);

    public static Result Build(ContainerSpecInput input, bool privileged, bool readOnlyRoot, bool scratchForReadOnlyConfig, string bindMountPrefix, IReadOnlyCollection<string> rejectIfAbsent)
    {
        var criMounts = input.Config.Mounts.Select(ValidateDestination).ToList();
        var duplicate = criMounts.GroupBy(m => m.Destination, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ContainerSpecException($"duplicate mount point {duplicate.Key}");
        }

        var overridden = criMounts.Select(m => m.Destination).ToHashSet(StringComparer.Ordinal);
        var defaults = Defaults(input, privileged, readOnlyRoot, scratchForReadOnlyConfig)
            .Where(m => !IsOverridden(m.Destination, overridden))
            .Select(m => privileged ? StandardMounts.Writable(m) : m);

        string? propagation = null;
        var binds = new List<Mount>();
        foreach (var (destination, mount) in criMounts)
        {
            binds.Add(ToBind(destination, mount, bindMountPrefix, rejectIfAbsent, ref propagation));
        }

        var all = defaults.Concat(binds).Select((m, i) => (m, i))
            .OrderBy(p => BindSource.Depth(p.m.Destination)).ThenBy(p => p.i)
            .Select(p => p.m)
            .ToList();
        return new Result(all, propagation);
    }

    private static IEnumerable<Mount> Defaults(ContainerSpecInput input, bool privileged, bool readOnlyRoot, bool scratchForReadOnlyConfig)
    {
        var pod = input.Sandbox;
        yield return StandardMounts.Proc;
        yield return StandardMounts.Dev;
        yield return StandardMounts.DevPts;
        yield return StandardMounts.Shm(pod.ShmPath);
        yield return StandardMounts.Mqueue;
        yield return StandardMounts.Sys(privileged);
        yield return StandardMounts.Cgroup(privileged);
        if (pod.ResolvConfPath is { } resolv)
        {
            yield return StandardMounts.BindFile("/etc/resolv.conf", resolv, readOnlyRoot, hardened: true);
        }

        if (pod.HostnamePath is { } hostname)
        {
            yield return StandardMounts.BindFile("/etc/hostname", hostname, readOnlyRoot, hardened: false);
        }

        if (pod.HostsPath is { } hosts)
        {
            yield return StandardMounts.BindFile("/etc/hosts", hosts, readOnlyRoot, hardened: false);
        }

        if (input.TerminationLogPath is { } log)
        {
            yield return StandardMounts.BindFile("/dev/termination-log", log, readOnly: false, hardened: false);
        }

        if (scratchForReadOnlyConfig)
        {
            foreach (var scratch in StandardMounts.ReadOnlyRootScratch())
            {
                yield return scratch;
            }
        }
    }

    private static bool IsOverridden(string destination, HashSet<string> overridden) =>
        overridden.Contains(destination)
        || (overridden.Contains("/dev") && destination.StartsWith("/dev/", StringComparison.Ordinal))
        || (overridden.Contains("/sys") && destination.StartsWith("/sys/", StringComparison.Ordinal));

    private static (string Destination, Cri.Mount Mount) ValidateDestination(Cri.Mount mount)
    {
        var path = mount.ContainerPath;
        if (string.IsNullOrEmpty(path))
        {
            throw new ContainerSpecException("mount container_path is empty");
        }

        return path.StartsWith('/')
            ? (BindSource.Clean(path), mount)
            : throw new ContainerSpecException($"mount container_path \"{path}\" is not an absolute path");
    }

    private static Mount ToBind(string destination, Cri.Mount mount, string prefix, IReadOnlyCollection<string> rejectIfAbsent, ref string? rootfsPropagation)
    {
        if (!string.IsNullOrEmpty(mount.Image?.Image))
        {
            throw new ContainerSpecException($"image volume mounts are not supported (mount at {destination})");
        }

        if (mount.UidMappings.Count > 0 || mount.GidMappings.Count > 0)
        {
            throw new ContainerSpecException($"idmapped mounts are not supported by the OCI runtime (mount at {destination})");
        }

        if (mount.RecursiveReadOnly)
        {
            throw new ContainerSpecException(mount.Readonly
                ? $"recursive read-only mounts are not supported by the OCI runtime (hostPath \"{mount.HostPath}\")"
                : $"recursive read-only mount conflicts with read-write mount for hostPath \"{mount.HostPath}\"");
        }

        if (string.IsNullOrEmpty(mount.HostPath))
        {
            throw new ContainerSpecException($"mount host_path is empty (mount at {destination})");
        }

        if (!mount.HostPath.StartsWith('/'))
        {
            throw new ContainerSpecException($"mount host_path \"{mount.HostPath}\" is not an absolute path");
        }

        var source = BindSource.Prepare(mount.HostPath, prefix, rejectIfAbsent);
        string option;
        switch (mount.Propagation)
        {
            case Cri.MountPropagation.PropagationBidirectional:
                option = "rshared";
                rootfsPropagation = "rshared";
                break;
            case Cri.MountPropagation.PropagationHostToContainer:
                option = "rslave";
                rootfsPropagation = rootfsPropagation == "rshared" ? "rshared" : "rslave";
                break;
            default:
                option = "rprivate";
                break;
        }

        return new Mount
        {
            Destination = destination,
            Type = "bind",
            Source = source,
            Options = ["rbind", option, mount.Readonly ? "ro" : "rw"],
        };
    }
}
