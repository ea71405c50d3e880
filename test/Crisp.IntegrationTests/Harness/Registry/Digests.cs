using System.Security.Cryptography;

namespace Crisp.IntegrationTests.Harness.Registry;

/// <summary>sha256 content digests in the <c>sha256:&lt;hex&gt;</c> form registries use.</summary>
public static class Digests
{
    public const string Sha256Prefix = "sha256:";

    public static string Sha256(ReadOnlySpan<byte> content) => Sha256Prefix + Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>The 64 hex characters of a sha256 digest.</summary>
    public static string Hex(string digest)
    {
        if (!digest.StartsWith(Sha256Prefix, StringComparison.Ordinal) || digest.Length != Sha256Prefix.Length + 64)
        {
            throw new ArgumentException($"not a sha256 digest: {digest}", nameof(digest));
        }

        return digest[Sha256Prefix.Length..];
    }
}
