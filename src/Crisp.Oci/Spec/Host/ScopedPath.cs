using System.Text;
using Crisp.Linux;

namespace Crisp.Oci.Spec.Host;

/// <summary>
/// Resolves a path as if a directory were the root: symlinks are followed one component at a time and
/// re-rooted, ".." stops at the root, so the result never leaves it. Components that do not exist are
/// appended as they are. This is how files inside a container rootfs are read from the host.
/// </summary>
internal static class ScopedPath
{
    private const int MaxSymlinks = 255;

    public static string Resolve(string root, string unsafePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentNullException.ThrowIfNull(unsafePath);
        var rootPath = Path.GetFullPath(root);
        if (rootPath.Length > 1)
        {
            rootPath = Path.TrimEndingDirectorySeparator(rootPath);
        }

        var resolved = new List<string>();
        var rest = unsafePath;
        var links = 0;
        while (rest.Length > 0)
        {
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            var part = slash < 0 ? rest : rest[..slash];
            rest = slash < 0 ? "" : rest[(slash + 1)..];
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            var candidate = Join(rootPath, resolved, part);
            if (!FileSystemCalls.TryLStat(candidate, out var status) || status.Kind != FileKind.Symlink)
            {
                resolved.Add(part);
                continue;
            }

            if (++links > MaxSymlinks)
            {
                throw new IOException($"too many levels of symbolic links resolving {unsafePath} under {rootPath}");
            }

            var target = Encoding.UTF8.GetString(FileSystemCalls.ReadLinkAt(FileSystemCalls.CurrentDirectory, Encoding.UTF8.GetBytes(candidate)));
            if (target.StartsWith('/'))
            {
                resolved.Clear();
            }

            rest = rest.Length == 0 ? target : target + "/" + rest;
        }

        return Join(rootPath, resolved, null);
    }

    private static string Join(string root, List<string> parts, string? last)
    {
        var builder = new StringBuilder(root);
        foreach (var part in parts)
        {
            Append(builder, part);
        }

        if (last is not null)
        {
            Append(builder, last);
        }

        return builder.ToString();
    }

    private static void Append(StringBuilder builder, string part)
    {
        if (builder.Length == 0 || builder[^1] != '/')
        {
            builder.Append('/');
        }

        builder.Append(part);
    }
}
