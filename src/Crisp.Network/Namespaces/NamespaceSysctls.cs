namespace Crisp.Network.Namespaces;

/// <summary>
/// Which namespace a sysctl belongs to (the rules runc and CRI-O apply), and its path below /proc/sys. Writing
/// a sysctl of a namespace the pod does not own would change the host, so those are refused.
/// </summary>
internal static class NamespaceSysctls
{
    private static readonly string[] _ipcKeys = ["kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced"];

    /// <summary>The namespace <paramref name="key"/> lives in, or None when it is not namespaced.</summary>
    public static PodNamespaceKinds KindOf(string key)
    {
        var dotted = key.Replace('/', '.');
        if (dotted.StartsWith("net.", StringComparison.Ordinal))
        {
            return PodNamespaceKinds.Network;
        }

        if (_ipcKeys.Contains(dotted, StringComparer.Ordinal) || dotted.StartsWith("fs.mqueue.", StringComparison.Ordinal))
        {
            return PodNamespaceKinds.Ipc;
        }

        return dotted is "kernel.hostname" or "kernel.domainname" ? PodNamespaceKinds.Uts : PodNamespaceKinds.None;
    }

    /// <summary>
    /// The path below /proc/sys: dots become slashes unless the key already uses slashes (the form that allows
    /// dots in interface names, as sysctl(8) accepts).
    /// </summary>
    public static string ProcPath(string key)
    {
        var path = key.Contains('/', StringComparison.Ordinal) ? key : key.Replace('.', '/');
        var segments = path.Split('/');
        if (segments.Any(s => s.Length == 0 || s is "." or ".."))
        {
            throw new ArgumentException($"invalid sysctl name \"{key}\"");
        }

        return path;
    }

    /// <summary>Checks every sysctl against the namespaces being created; returns (proc path, value) pairs.</summary>
    public static List<KeyValuePair<string, string>> Resolve(IEnumerable<KeyValuePair<string, string>> sysctls, PodNamespaceKinds created)
    {
        var resolved = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in sysctls)
        {
            var kind = KindOf(key);
            if (kind == PodNamespaceKinds.None)
            {
                throw new ArgumentException($"sysctl \"{key}\" is not namespaced; setting it for a pod would change the host");
            }

            if ((created & kind) == 0)
            {
                throw new ArgumentException($"sysctl \"{key}\" needs a new {kind} namespace, which this pod does not get (it shares the host's)");
            }

            if (value.Contains('\n', StringComparison.Ordinal))
            {
                throw new ArgumentException($"sysctl \"{key}\" has a newline in its value");
            }

            resolved.Add(new(ProcPath(key), value));
        }

        return resolved;
    }
}
