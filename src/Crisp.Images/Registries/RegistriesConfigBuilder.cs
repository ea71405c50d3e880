namespace Crisp.Images.Registries;

/// <summary>Merges parsed files in load order (containers/image's updateWithConfigurationFrom).</summary>
internal sealed class RegistriesConfigBuilder
{
    private readonly Dictionary<string, RegistryEntry> _registries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ShortNameAlias> _aliases = new(StringComparer.Ordinal);
    private readonly List<string> _files = [];
    private readonly List<string> _unknownKeys = [];
    private readonly string _sourceDescription;
    private IReadOnlyList<string> _searchRegistries = [];
    private string? _searchRegistriesOrigin;
    private IReadOnlyList<string>? _credentialHelpers;
    private ShortNameMode? _shortNameMode;

    public RegistriesConfigBuilder(string sourceDescription)
    {
        _sourceDescription = sourceDescription;
    }

    public void Apply(RegistriesFile file)
    {
        _files.Add(file.Path);
        _unknownKeys.AddRange(file.UnknownKeys.Select(k => $"{file.Path}: {k}"));
        foreach (var entry in file.Registries)
        {
            _registries[entry.Prefix] = entry;
        }

        if (file.UnqualifiedSearchRegistries is { } search)
        {
            _searchRegistries = search;
            _searchRegistriesOrigin = file.Path;
        }

        if (file.CredentialHelpers is { } helpers)
        {
            _credentialHelpers = helpers;
        }

        if (file.ShortNameMode is { } mode)
        {
            _shortNameMode = mode;
        }

        foreach (var alias in file.Aliases)
        {
            _aliases[alias.Name] = alias;
        }
    }

    public RegistriesConfig Build() => RegistriesConfig.Create(
        _registries.Values.OrderBy(r => r.Prefix, StringComparer.Ordinal).ToList(),
        _searchRegistries,
        _searchRegistriesOrigin,
        _shortNameMode ?? ShortNameMode.Permissive,
        _credentialHelpers is { Count: > 0 } helpers ? helpers : [RegistriesConfig.AuthFileHelper],
        new Dictionary<string, ShortNameAlias>(_aliases, StringComparer.Ordinal),
        _files,
        _unknownKeys,
        _sourceDescription);
}
