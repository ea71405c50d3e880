namespace Crisp.Images.Registries;

/// <summary>registries.conf <c>prefix</c> matching, as containers/image's refMatchingPrefix.</summary>
internal static class PrefixMatcher
{
    /// <summary>
    /// Length of the part of <paramref name="reference"/> matched by <paramref name="prefix"/>, or -1.
    /// A plain prefix must be followed by ':', '/', '@' or the end; <c>*.example.com</c> matches any
    /// number of subdomains of example.com (in the host part only).
    /// </summary>
    public static int Match(string reference, string prefix)
    {
        if (prefix.StartsWith("*.", StringComparison.Ordinal))
        {
            return MatchWildcard(reference, prefix);
        }

        if (reference.Length < prefix.Length || !reference.StartsWith(prefix, StringComparison.Ordinal))
        {
            return -1;
        }

        // Like containers/image this also lets "example.com" match "example.com:5000/...".
        return reference.Length == prefix.Length || reference[prefix.Length] is ':' or '/' or '@' ? prefix.Length : -1;
    }

    private static int MatchWildcard(string reference, string prefix)
    {
        var suffix = prefix[1..]; // ".example.com"
        var index = reference.IndexOf(suffix, StringComparison.Ordinal);
        if (index == -1 || reference.AsSpan(0, index).Contains('/'))
        {
            return -1;
        }

        index += suffix.Length;
        return index == reference.Length || reference[index] is ':' or '/' or '@' ? index : -1;
    }
}
