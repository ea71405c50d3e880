using Crisp.Linux;
using Crisp.Oci.Spec.Host;

namespace Crisp.Oci.Spec.Building;

/// <summary>
/// Host sides of CRI bind mounts, as CRI-O treats them: bind_mount_prefix is prepended, a symlink is resolved
/// (inside the prefix), and a source that does not exist is created as a directory unless crio.conf's
/// absent_mount_sources_to_reject lists it.
/// </summary>
internal static class BindSource
{
    public static string Prepare(string hostPath, string bindMountPrefix, IReadOnlyCollection<string> rejectIfAbsent)
    {
        var scope = bindMountPrefix.Length == 0 ? "/" : bindMountPrefix;
        var source = Clean(bindMountPrefix.Length == 0 ? hostPath : bindMountPrefix + "/" + hostPath);
        if (FileSystemCalls.TryLStat(source, out var status))
        {
            return status.Kind == FileKind.Symlink ? ScopedPath.Resolve(scope, hostPath) : source;
        }

        if (rejectIfAbsent.Any(r => Clean(r) == source))
        {
            throw new ContainerSpecException($"cannot mount {source}: path does not exist and will cause issues as a directory");
        }

        try
        {
            Directory.CreateDirectory(source, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ContainerSpecException($"failed to create missing mount source {source}: {e.Message}", e);
        }

        return source;
    }

    /// <summary>Lexically cleans an absolute path: no ".", "..", doubled or trailing slashes.</summary>
    public static string Clean(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }

                continue;
            }

            parts.Add(part);
        }

        return "/" + string.Join('/', parts);
    }

    /// <summary>Mount nesting depth: "/" is 0, "/a" 1, "/a/b" 2.</summary>
    public static int Depth(string cleanPath) => cleanPath == "/" ? 0 : cleanPath.Count(c => c == '/');
}
