using System.Security.Cryptography;
using System.Text;
using Runtime.V1;

namespace Crisp.Core.Containers;

/// <summary>
/// The image's <c>Volumes</c>, handled as <c>[crio.image] image_volumes</c> says: <c>mkdir</c> (the default) creates
/// each directory in the container's root file system, <c>bind</c> bind-mounts a fresh directory of the container's
/// storage there, <c>ignore</c> does nothing. A volume the kubelet mounts something at is left to that mount.
/// </summary>
public static class ImageVolumes
{
    /// <summary>As the kernel's limit on nested symlinks.</summary>
    private const int MaxSymlinks = 40;

    /// <summary>The container config to build the spec from: <paramref name="config"/>, plus bind mounts in <c>bind</c> mode.</summary>
    /// <exception cref="ContainerException">A volume path is not absolute or goes through a symlink.</exception>
    public static ContainerConfig Prepare(string mode, IEnumerable<string> volumes, ContainerConfig config, string rootfs, string storage)
    {
        if (mode == "ignore")
        {
            return config;
        }

        var mounted = config.Mounts.Select(m => Clean(m.ContainerPath)).ToHashSet(StringComparer.Ordinal);
        var result = config;
        foreach (var volume in volumes.Select(Clean).Where(v => v != "/" && !mounted.Contains(v)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (mode == "bind")
            {
                var source = Path.Combine(storage, "volumes", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(volume))));
                Directory.CreateDirectory(source);
                result = result == config ? config.Clone() : result;
                result.Mounts.Add(new Mount { ContainerPath = volume, HostPath = source });
            }
            else
            {
                CreateInside(rootfs, volume);
            }
        }

        return result;
    }

    private static string Clean(string path) =>
        path.StartsWith('/') ? "/" + string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries)) : path;

    /// <summary>
    /// Creates <paramref name="volume"/> below <paramref name="rootfs"/> one component at a time. Symlinks in the image are
    /// followed as the container would see them, inside the root file system (an absolute target starts again at its
    /// root, ".." stops there), so no directory is ever created outside it.
    /// </summary>
    private static void CreateInside(string rootfs, string volume)
    {
        if (!volume.StartsWith('/'))
        {
            throw ContainerException.Invalid($"image volume \"{volume}\" is not an absolute path");
        }

        var parts = volume.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.FirstOrDefault(p => p is "." or "..") is { } dots)
        {
            throw ContainerException.Invalid($"image volume \"{volume}\" contains \"{dots}\"");
        }

        var pending = new Stack<string>(parts.Reverse());
        var resolved = new List<string>();
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part == ".")
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

            var current = Path.Combine(rootfs, Path.Combine([.. resolved, part]));
            if (new FileInfo(current).LinkTarget is { } target)
            {
                if (++links > MaxSymlinks)
                {
                    throw ContainerException.Invalid($"image volume \"{volume}\": too many levels of symbolic links");
                }

                if (target.StartsWith('/'))
                {
                    resolved.Clear();
                }

                foreach (var next in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
                {
                    pending.Push(next);
                }

                continue;
            }

            if (!Directory.Exists(current))
            {
                if (File.Exists(current))
                {
                    throw ContainerException.Invalid($"image volume \"{volume}\": {part} is a file in the image");
                }

                Directory.CreateDirectory(current, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                    | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            }

            resolved.Add(part);
        }
    }
}
