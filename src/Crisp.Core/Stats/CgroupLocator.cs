namespace Crisp.Core.Stats;

/// <summary>
/// Where the cgroups of containers and pods are, relative to a hierarchy's root, matching the cgroupsPath crisp
/// gives runc: cgroupfs <c>&lt;parent or /crisp&gt;/crisp-ID</c>; systemd <c>&lt;expanded slice&gt;/crisp-ID.scope</c>,
/// where a slice <c>a-b-c.slice</c> lives at <c>a.slice/a-b.slice/a-b-c.slice</c>.
/// </summary>
public static class CgroupLocator
{
    public static string Container(string cgroupManager, string sandboxParent, string containerId) => IsSystemd(cgroupManager)
        ? ExpandSlice(string.IsNullOrEmpty(sandboxParent) ? "system.slice" : Path.GetFileName(sandboxParent.TrimEnd('/'))) + "/crisp-" + containerId + ".scope"
        : "/" + (string.IsNullOrEmpty(sandboxParent) ? "crisp" : sandboxParent.Trim('/')) + "/crisp-" + containerId;

    /// <summary>The pod's own cgroup (the kubelet's cgroup_parent), or null when the pod has none.</summary>
    public static string? Pod(string cgroupManager, string sandboxParent)
    {
        if (string.IsNullOrEmpty(sandboxParent))
        {
            return null;
        }

        return IsSystemd(cgroupManager) ? ExpandSlice(Path.GetFileName(sandboxParent.TrimEnd('/'))) : "/" + sandboxParent.Trim('/');
    }

    /// <summary>"kubepods-burstable-pod1.slice" → "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1.slice"; "-.slice" → "/".</summary>
    public static string ExpandSlice(string slice)
    {
        const string Suffix = ".slice";
        if (slice == "-" + Suffix || !slice.EndsWith(Suffix, StringComparison.Ordinal))
        {
            return "/";
        }

        var name = slice[..^Suffix.Length];
        var parts = name.Split('-');
        var path = "";
        var prefix = "";
        foreach (var part in parts)
        {
            prefix = prefix.Length == 0 ? part : prefix + "-" + part;
            path += "/" + prefix + Suffix;
        }

        return path;
    }

    private static bool IsSystemd(string manager) => string.Equals(manager, "systemd", StringComparison.OrdinalIgnoreCase);
}
