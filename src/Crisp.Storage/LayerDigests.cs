using System.Security.Cryptography;
using System.Text;

namespace Crisp.Storage;

/// <summary>Digest strings ("sha256:…") and OCI chain IDs.</summary>
public static class LayerDigests
{
    /// <summary>
    /// The OCI image-spec chain ID: ChainID(L0) = DiffID(L0); ChainID(Ln) = sha256(ChainID(Ln-1) + " " + DiffID(Ln)).
    /// </summary>
    public static string ChainId(string? parentChainId, string diffId)
    {
        Validate(diffId);
        if (parentChainId is null)
        {
            return diffId;
        }

        Validate(parentChainId);
        return Sha256(Encoding.ASCII.GetBytes(parentChainId + " " + diffId));
    }

    /// <summary>The chain IDs of a whole layer stack, bottom first.</summary>
    public static IReadOnlyList<string> ChainIds(IEnumerable<string> diffIds)
    {
        var result = new List<string>();
        string? parent = null;
        foreach (var diffId in diffIds)
        {
            parent = ChainId(parent, diffId);
            result.Add(parent);
        }

        return result;
    }

    public static string Sha256(ReadOnlySpan<byte> data) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>Throws unless <paramref name="digest"/> is "sha256:" + 64 or "sha512:" + 128 lowercase hex digits.</summary>
    public static void Validate(string digest)
    {
        if (!TryParse(digest, out _, out _))
        {
            throw new ArgumentException($"'{digest}' is not a sha256 or sha512 digest (algorithm:lowercase-hex)", nameof(digest));
        }
    }

    /// <summary>The hex part of a digest (used as a directory name).</summary>
    public static string Hex(string digest)
    {
        Validate(digest);
        return digest[(digest.IndexOf(':', StringComparison.Ordinal) + 1)..];
    }

    internal static bool TryParse(string digest, out HashAlgorithmName algorithm, out string hex)
    {
        algorithm = default;
        hex = "";
        var colon = digest.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        (algorithm, var length) = digest[..colon] switch
        {
            "sha256" => (HashAlgorithmName.SHA256, 64),
            "sha512" => (HashAlgorithmName.SHA512, 128),
            _ => (default, -1),
        };
        hex = digest[(colon + 1)..];
        return length > 0 && hex.Length == length && hex.AsSpan().IndexOfAnyExcept("0123456789abcdef") < 0;
    }
}
