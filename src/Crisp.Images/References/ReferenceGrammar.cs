using System.Text.RegularExpressions;

namespace Crisp.Images.References;

/// <summary>
/// The distribution/reference grammar (docker/reference in containers/image), as anchored,
/// ASCII-only regular expressions. <c>\z</c> is used instead of <c>$</c>, which in .NET also matches
/// before a trailing newline.
/// </summary>
internal static partial class ReferenceGrammar
{
    /// <summary>Maximum length of the repository name (domain + "/" + path), as in containers/image.</summary>
    public const int NameTotalLengthMax = 255;

    private const string DomainComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private const string DomainName = DomainComponent + @"(?:\." + DomainComponent + ")*";
    private const string Ipv6Address = @"\[[a-fA-F0-9:]+\]";
    private const string DomainAndPort = "(?:" + DomainName + "|" + Ipv6Address + ")(?::[0-9]+)?";
    private const string PathComponent = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private const string RemoteName = PathComponent + "(?:/" + PathComponent + ")*";
    private const string Tag = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";
    private const string DigestPattern = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";

    [GeneratedRegex("^" + DomainAndPort + @"\z", RegexOptions.CultureInvariant)]
    public static partial Regex Domain();

    [GeneratedRegex("^" + RemoteName + @"\z", RegexOptions.CultureInvariant)]
    public static partial Regex Path();

    [GeneratedRegex("^" + Tag + @"\z", RegexOptions.CultureInvariant)]
    public static partial Regex TagName();

    [GeneratedRegex("^" + DigestPattern + @"\z", RegexOptions.CultureInvariant)]
    public static partial Regex Digest();

    [GeneratedRegex(@"^[a-f0-9]{64}\z", RegexOptions.CultureInvariant)]
    public static partial Regex Identifier();

    /// <summary>True when <paramref name="component"/> (the text before the first '/') names a registry host.</summary>
    public static bool LooksLikeDomain(string component) =>
        component == "localhost" || component.AsSpan().IndexOfAny('.', ':') >= 0;

    /// <summary>Checks the algorithm and length of a digest that already matched <see cref="Digest"/>; returns an error or null.</summary>
    public static string? ValidateDigestAlgorithm(string digest)
    {
        var colon = digest.IndexOf(':', StringComparison.Ordinal);
        var algorithm = digest[..colon];
        var encoded = digest[(colon + 1)..];
        var expected = algorithm switch
        {
            "sha256" => 64,
            "sha384" => 96,
            "sha512" => 128,
            _ => 0,
        };
        if (expected == 0)
        {
            return $"unsupported digest algorithm \"{algorithm}\" (sha256, sha384 and sha512 are supported)";
        }

        if (encoded.Length != expected || !IsLowerHex(encoded))
        {
            return $"invalid {algorithm} digest: expected {expected} lowercase hexadecimal characters";
        }

        return null;
    }

    private static bool IsLowerHex(string s)
    {
        foreach (var c in s)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }
}
