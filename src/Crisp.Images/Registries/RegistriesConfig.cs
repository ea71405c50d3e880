namespace Crisp.Images.Registries;

/// <summary>
/// The merged containers-registries.conf(5) configuration: the main file plus its
/// <c>registries.conf.d/*.conf</c> drop-ins (containers-registries.conf.d(5)).
/// </summary>
/// <remarks>
/// Merging follows containers/image: drop-ins are read in ordinal file-name order after the main file;
/// <c>[[registry]]</c> tables replace earlier ones with the same prefix; <c>unqualified-search-registries</c>,
/// <c>credential-helpers</c> and <c>short-name-mode</c> replace earlier values when present (an explicit
/// <c>[]</c> clears); <c>[aliases]</c> entries replace earlier ones and an empty value erases one.
/// </remarks>
public sealed class RegistriesConfig
{
    /// <summary>The system-wide registries.conf.</summary>
    public const string DefaultPath = "/etc/containers/registries.conf";

    /// <summary>The credential-helpers value meaning "read containers-auth.json(5) files".</summary>
    public const string AuthFileHelper = "containers-auth.json";

    private RegistriesConfig(
        IReadOnlyList<RegistryEntry> registries,
        IReadOnlyList<string> searchRegistries,
        string? searchRegistriesOrigin,
        ShortNameMode shortNameMode,
        IReadOnlyList<string> credentialHelpers,
        IReadOnlyDictionary<string, ShortNameAlias> aliases,
        IReadOnlyList<string> files,
        IReadOnlyList<string> unknownKeys,
        string sourceDescription)
    {
        Registries = registries;
        UnqualifiedSearchRegistries = searchRegistries;
        UnqualifiedSearchRegistriesOrigin = searchRegistriesOrigin;
        ShortNameMode = shortNameMode;
        CredentialHelpers = credentialHelpers;
        Aliases = aliases;
        Files = files;
        UnknownKeys = unknownKeys;
        SourceDescription = sourceDescription;
    }

    /// <summary>A configuration with no files: no search registries, permissive mode, no rewriting.</summary>
    public static RegistriesConfig Empty { get; } = new(
        [], [], null, ShortNameMode.Permissive, [AuthFileHelper], new Dictionary<string, ShortNameAlias>(), [], [], "(no registries.conf)");

    /// <summary>host[:port] registries tried, in order, for names without a registry.</summary>
    public IReadOnlyList<string> UnqualifiedSearchRegistries { get; }

    /// <summary>The file that set <see cref="UnqualifiedSearchRegistries"/>, or null.</summary>
    public string? UnqualifiedSearchRegistriesOrigin { get; }

    /// <summary><c>short-name-mode</c>; <see cref="ShortNameMode.Permissive"/> when no file sets it.</summary>
    public ShortNameMode ShortNameMode { get; }

    /// <summary>
    /// <c>credential-helpers</c> (default <c>["containers-auth.json"]</c>). Accepted for compatibility;
    /// crisp only reads auth files and does not run external helpers.
    /// </summary>
    public IReadOnlyList<string> CredentialHelpers { get; }

    /// <summary>Files that were read, in order (main file first).</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>"file: key" for settings crisp ignored because it does not know them (worth a log warning).</summary>
    public IReadOnlyList<string> UnknownKeys { get; }

    /// <summary>Where the configuration comes from, for error messages: "main or drop-in dir".</summary>
    public string SourceDescription { get; }

    internal IReadOnlyList<RegistryEntry> Registries { get; }

    internal IReadOnlyDictionary<string, ShortNameAlias> Aliases { get; }

    /// <summary>
    /// Loads <paramref name="configPath"/> and the <c>*.conf</c> files of <paramref name="dropInDirectory"/>.
    /// </summary>
    /// <param name="configPath">
    /// registries.conf (<c>--registries-conf</c>); null or empty means <see cref="DefaultPath"/>, which may be missing.
    /// An explicitly given path must exist, as in containers/image.
    /// </param>
    /// <param name="dropInDirectory">Drop-in directory; null or empty means <c>registries.conf.d</c> next to the main file. May be missing.</param>
    /// <exception cref="RegistriesConfigException">A file cannot be read or is invalid.</exception>
    public static RegistriesConfig Load(string? configPath = null, string? dropInDirectory = null)
    {
        var mainPath = string.IsNullOrEmpty(configPath) ? DefaultPath : configPath;
        var dropIns = string.IsNullOrEmpty(dropInDirectory) ? mainPath + ".d" : dropInDirectory;
        var builder = new RegistriesConfigBuilder($"{mainPath} or {dropIns}");

        var mainText = ReadFile(mainPath, mustExist: !string.IsNullOrEmpty(configPath));
        if (mainText is not null)
        {
            builder.Apply(RegistriesFileParser.Parse(mainText, mainPath, requireV2: false));
        }

        foreach (var file in DropInFiles(dropIns))
        {
            var text = ReadFile(file, mustExist: false); // removed since listing: ignore, like containers/image
            if (text is not null)
            {
                builder.Apply(RegistriesFileParser.Parse(text, file, requireV2: true));
            }
        }

        return builder.Build();
    }

    /// <summary>Parses a single file's text (no drop-ins); for tests and tools.</summary>
    internal static RegistriesConfig Parse(string text, string path = "registries.conf")
    {
        var builder = new RegistriesConfigBuilder(path);
        builder.Apply(RegistriesFileParser.Parse(text, path, requireV2: false));
        return builder.Build();
    }

    internal static RegistriesConfig Create(
        IReadOnlyList<RegistryEntry> registries,
        IReadOnlyList<string> searchRegistries,
        string? searchRegistriesOrigin,
        ShortNameMode shortNameMode,
        IReadOnlyList<string> credentialHelpers,
        IReadOnlyDictionary<string, ShortNameAlias> aliases,
        IReadOnlyList<string> files,
        IReadOnlyList<string> unknownKeys,
        string sourceDescription) =>
        new(registries, searchRegistries, searchRegistriesOrigin, shortNameMode, credentialHelpers, aliases, files, unknownKeys, sourceDescription);

    /// <summary>
    /// The <c>[[registry]]</c> table with the longest prefix matching <paramref name="reference"/>
    /// (a registry, repository or full reference string starting with the host), or null.
    /// </summary>
    internal RegistryEntry? FindRegistry(string reference)
    {
        RegistryEntry? best = null;
        foreach (var entry in Registries)
        {
            if (PrefixMatcher.Match(reference, entry.Prefix) != -1 && entry.Prefix.Length > (best?.Prefix.Length ?? 0))
            {
                best = entry;
            }
        }

        return best;
    }

    private static string? ReadFile(string path, bool mustExist)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return mustExist ? throw new RegistriesConfigException($"loading registries configuration \"{path}\": file does not exist", e) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RegistriesConfigException($"loading registries configuration \"{path}\": {e.Message}", e);
        }
    }

    private static List<string> DropInFiles(string directory)
    {
        try
        {
            return Directory.EnumerateFiles(directory)
                .Where(f => f.EndsWith(".conf", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .ToList();
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RegistriesConfigException($"reading registries.conf.d \"{directory}\": {e.Message}", e);
        }
    }
}
