namespace Crisp.Images.Registries;

/// <summary>
/// One parsed registries.conf file (main or drop-in), in V2 terms. Null members were absent from the file,
/// which matters when merging: an absent key keeps the earlier value, a present one (even <c>[]</c>) replaces it.
/// </summary>
internal sealed class RegistriesFile
{
    public required string Path { get; init; }

    /// <summary>Post-processed <c>[[registry]]</c> tables, one per prefix (the first wins), sorted by prefix.</summary>
    public required IReadOnlyList<RegistryEntry> Registries { get; init; }

    public IReadOnlyList<string>? UnqualifiedSearchRegistries { get; init; }

    public IReadOnlyList<string>? CredentialHelpers { get; init; }

    public ShortNameMode? ShortNameMode { get; init; }

    public required IReadOnlyList<ShortNameAlias> Aliases { get; init; }

    /// <summary>Keys the file set that crisp does not know (ignored, as containers/image does).</summary>
    public required IReadOnlyList<string> UnknownKeys { get; init; }
}
