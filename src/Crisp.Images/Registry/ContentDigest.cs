using System.Security.Cryptography;

namespace Crisp.Images.Registry;

/// <summary>A parsed content digest (<c>sha256:&lt;64 hex&gt;</c> or <c>sha512:&lt;128 hex&gt;</c>, lower-case).</summary>
internal readonly record struct ContentDigest(string Algorithm, string Hex)
{
    public const string Sha256 = "sha256";
    public const string Sha512 = "sha512";

    public override string ToString() => Algorithm + ":" + Hex;

    /// <summary>Parses a digest; only the algorithms crisp can verify are accepted.</summary>
    public static bool TryParse(string? value, out ContentDigest digest)
    {
        digest = default;
        if (value is null)
        {
            return false;
        }

        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        var algorithm = value[..colon];
        var hex = value[(colon + 1)..];
        var expectedLength = algorithm switch
        {
            Sha256 => 64,
            Sha512 => 128,
            _ => -1,
        };
        if (hex.Length != expectedLength || !hex.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            return false;
        }

        digest = new ContentDigest(algorithm, hex);
        return true;
    }

    /// <summary>Parses <paramref name="value"/> or throws a <see cref="RegistryException"/> naming <paramref name="what"/>.</summary>
    public static ContentDigest Parse(string? value, string what) =>
        TryParse(value, out var digest)
            ? digest
            : throw new RegistryException(
                $"{what} has an invalid or unsupported digest \"{value}\" (want sha256:<64 hex> or sha512:<128 hex>)",
                statusCode: null,
                RegistryErrorCodes.Unsupported);

    public IncrementalHash CreateHash() =>
        IncrementalHash.CreateHash(Algorithm == Sha512 ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256);

    /// <summary>The digest of <paramref name="data"/> with this digest's algorithm.</summary>
    public ContentDigest Of(ReadOnlySpan<byte> data) =>
        new(Algorithm, Convert.ToHexStringLower(Algorithm == Sha512 ? SHA512.HashData(data) : SHA256.HashData(data)));

    public static ContentDigest Sha256Of(ReadOnlySpan<byte> data) => new(Sha256, Convert.ToHexStringLower(SHA256.HashData(data)));

    public static ContentDigest FromHash(string algorithm, IncrementalHash hash) =>
        new(algorithm, Convert.ToHexStringLower(hash.GetHashAndReset()));
}
