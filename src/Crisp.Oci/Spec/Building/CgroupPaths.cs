namespace Crisp.Oci.Spec.Building;

/// <summary>
/// cgroupsPath values, in CRI-O's forms with crisp's prefix: cgroupfs "/parent/crisp-ID", systemd
/// "slice:crisp:ID" (runc then creates the crisp-ID.scope).
/// </summary>
internal static class CgroupPaths
{
    public const string Prefix = "crisp";
    public const string DefaultCgroupfsParent = "/crisp";
    public const string DefaultSystemdParent = "system.slice";

    public static string ForContainer(string cgroupManager, string? parent, string id) => IsSystemd(cgroupManager)
        ? SystemdParent(parent) + ":" + Prefix + ":" + id
        : BindSource.Clean("/" + (string.IsNullOrEmpty(parent) ? DefaultCgroupfsParent : parent) + "/" + Prefix + "-" + id);

    /// <summary>The infra container's path; checks the parent matches the manager (a slice for systemd only).</summary>
    public static string ForSandbox(string cgroupManager, string? parent, string id)
    {
        var isSlice = !string.IsNullOrEmpty(parent) && Path.GetFileName(parent.TrimEnd('/')).EndsWith(".slice", StringComparison.Ordinal);
        if (IsSystemd(cgroupManager))
        {
            if (!string.IsNullOrEmpty(parent) && !isSlice)
            {
                throw new ContainerSpecException($"crisp is configured with the systemd cgroup manager, but the cgroup parent {parent} is not a slice");
            }
        }
        else if (isSlice)
        {
            throw new ContainerSpecException($"crisp is configured with the cgroupfs cgroup manager, but the cgroup parent {parent} is a systemd slice");
        }

        return ForContainer(cgroupManager, parent, id);
    }

    private static bool IsSystemd(string manager) => string.Equals(manager, "systemd", StringComparison.OrdinalIgnoreCase);

    private static string SystemdParent(string? parent) =>
        string.IsNullOrEmpty(parent) ? DefaultSystemdParent : Path.GetFileName(parent.TrimEnd('/'));
}
