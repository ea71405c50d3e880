namespace Crisp.Network.Cni;

/// <summary>CNI spec versions ("major.minor.patch") and what each one changed for a runtime.</summary>
internal static class CniSpec
{
    /// <summary>The newest spec version crisp implements.</summary>
    public const string Latest = "1.1.0";

    /// <summary>Versions before 0.3.0 use the legacy <c>ip4</c>/<c>ip6</c> result.</summary>
    public static bool HasRichResult(string version) => Compare(version, "0.3.0") >= 0;

    /// <summary>CHECK, and prevResult on DEL, arrived with 0.4.0.</summary>
    public static bool HasCheck(string version) => Compare(version, "0.4.0") >= 0;

    public static bool IsValid(string version) => TryParse(version, out _);

    public static int Compare(string left, string right)
    {
        if (!TryParse(left, out var a) || !TryParse(right, out var b))
        {
            throw new InvalidDataException($"invalid CNI version \"{(TryParse(left, out _) ? right : left)}\"");
        }

        return a.CompareTo(b);
    }

    private static bool TryParse(string text, out Version version)
    {
        version = new Version(0, 0);
        var parts = text.Split('.');
        if (parts.Length != 3 || parts.Any(p => p.Length == 0 || !p.All(char.IsAsciiDigit)))
        {
            return false;
        }

        return Version.TryParse(text, out version!);
    }
}
