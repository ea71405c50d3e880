using Crisp.Linux;

namespace Crisp.Oci.Spec.Host;

/// <summary>Reads small regular files inside a container rootfs without following symlinks out of it.</summary>
internal static class ContainedFile
{
    /// <summary>Largest /etc/passwd or /etc/group crisp will read.</summary>
    public const long MaxBytes = 8 * 1024 * 1024;

    /// <summary>
    /// Returns the text of <paramref name="path"/> (a container path) under <paramref name="rootfs"/>, or null when
    /// it does not exist. A device, FIFO or directory at that path, or a huge file, is an error: an image could
    /// otherwise make the daemon read a host device or block on a pipe.
    /// </summary>
    public static string? ReadText(string rootfs, string path)
    {
        var hostPath = ScopedPath.Resolve(rootfs, path);
        if (!FileSystemCalls.TryLStat(hostPath, out var status))
        {
            return null;
        }

        if (status.Kind != FileKind.Regular)
        {
            throw new ContainerSpecException($"{path} in the container image is not a regular file");
        }

        if (status.Size > MaxBytes)
        {
            throw new ContainerSpecException($"{path} in the container image is larger than {MaxBytes} bytes");
        }

        return File.ReadAllText(hostPath);
    }
}
