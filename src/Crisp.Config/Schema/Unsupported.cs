namespace Crisp.Config.Schema;

/// <summary>Warnings for keys that exist in some CRI-O release but that crisp does not act on.</summary>
internal static class Unsupported
{
    public const string NewerOption = "CRI-O option not supported by crisp; ignored";

    public static Dictionary<string, string?> Newer(params string[] keys) =>
        keys.ToDictionary(k => k, _ => (string?)NewerOption, StringComparer.Ordinal);
}
