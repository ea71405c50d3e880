namespace Crisp.Oci.Spec.Building;

/// <summary>
/// Sysctls for a pod's containers: crio.conf's default_sysctls, then the pod's (which win). Only namespaced
/// sysctls are allowed (kernel.shm*, kernel.msg*, kernel.sem, fs.mqueue.* with a private IPC namespace,
/// net.* with a private network namespace). A bad default is skipped with a warning, as CRI-O does; a bad
/// pod sysctl fails the request.
/// </summary>
internal static class Sysctls
{
    public static IReadOnlyDictionary<string, string>? Build(
        IReadOnlyList<string> defaults,
        IReadOnlyDictionary<string, string> pod,
        bool hostNetwork,
        bool hostIpc,
        Action<string> warn)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in defaults)
        {
            if (entry.Length == 0)
            {
                continue;
            }

            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            var key = equals > 0 ? entry[..equals].Trim() : "";
            if (key.Length == 0)
            {
                warn($"skipping default sysctl \"{entry}\": not of the form key=value");
                continue;
            }

            if (Check(key, hostNetwork, hostIpc) is { } problem)
            {
                warn($"skipping default sysctl \"{entry}\": {problem}");
                continue;
            }

            result[key] = entry[(equals + 1)..].Trim();
        }

        foreach (var (key, value) in pod)
        {
            if (Check(key, hostNetwork, hostIpc) is { } problem)
            {
                throw new ContainerSpecException($"sysctl \"{key}\" is not allowed: {problem}");
            }

            result[key] = value;
        }

        return result.Count == 0 ? null : result.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
    }

    /// <summary>Null when the sysctl may be set, else why not.</summary>
    public static string? Check(string key, bool hostNetwork, bool hostIpc)
    {
        if (key is "kernel.sem" || key.StartsWith("kernel.shm", StringComparison.Ordinal)
            || key.StartsWith("kernel.msg", StringComparison.Ordinal) || key.StartsWith("fs.mqueue.", StringComparison.Ordinal))
        {
            return hostIpc ? "it is an IPC namespace sysctl and the pod uses the host IPC namespace" : null;
        }

        if (key.StartsWith("net.", StringComparison.Ordinal))
        {
            return hostNetwork ? "it is a network namespace sysctl and the pod uses the host network" : null;
        }

        return "it is not a namespaced sysctl";
    }
}
