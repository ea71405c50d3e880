using System.Text.Json;

namespace Crisp.Oci.Spec.Seccomp;

/// <summary>Reads seccomp profile files (Docker/containerd/CRI-O format or plain OCI seccomp JSON).</summary>
internal static class SeccompProfileLoader
{
    public static SeccompProfile Parse(ReadOnlySpan<byte> utf8Json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize(utf8Json, SeccompProfileJsonContext.Default.SeccompProfile)
                ?? throw new ContainerSpecException($"seccomp profile {source} is empty");
        }
        catch (JsonException e)
        {
            throw new ContainerSpecException($"decoding seccomp profile {source} failed: {e.Message}", e);
        }
    }

    /// <summary>Loads a profile file from the host; a missing or unreadable file is an error for the container.</summary>
    public static SeccompProfile Load(string path)
    {
        if (!Path.IsPathFullyQualified(path))
        {
            throw new ContainerSpecException($"seccomp profile path \"{path}\" is not absolute");
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ContainerSpecException($"unable to load seccomp profile \"{path}\": {e.Message}", e);
        }

        return Parse(bytes, path);
    }
}
