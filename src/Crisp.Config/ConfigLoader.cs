using Crisp.Config.Schema;
using Crisp.Config.Toml;

namespace Crisp.Config;

/// <summary>
/// Builds the configuration the way CRI-O does: defaults, then the main file, then each drop-in
/// (<c>*.conf</c> in lexical order; later files win key by key, tables merge, handler tables extend the
/// handler map), then command-line overrides.
/// </summary>
public sealed class ConfigLoader
{
    /// <summary>Main file read when no <c>--config</c> is given; it may be absent.</summary>
    public const string DefaultConfigPath = "/etc/crisp/crisp.conf";

    /// <summary>Drop-in directory read when no <c>--config-dir</c> is given; it may be absent.</summary>
    public const string DefaultDropInDirectory = "/etc/crisp/crisp.conf.d";

    private const string DropInExtension = ".conf";

    private readonly ISystemdProbe _systemd;
    private readonly string _defaultConfigPath;
    private readonly string _defaultDropInDirectory;

    /// <summary>A loader whose defaults follow this host.</summary>
    public ConfigLoader()
        : this(SystemdProbe.Instance)
    {
    }

    /// <summary>
    /// A loader whose host-dependent defaults come from <paramref name="systemd"/>; the default file
    /// locations can be moved (tests, packaging).
    /// </summary>
    public ConfigLoader(ISystemdProbe systemd, string defaultConfigPath = DefaultConfigPath, string defaultDropInDirectory = DefaultDropInDirectory)
    {
        ArgumentNullException.ThrowIfNull(systemd);
        ArgumentNullException.ThrowIfNull(defaultConfigPath);
        ArgumentNullException.ThrowIfNull(defaultDropInDirectory);
        _systemd = systemd;
        _defaultConfigPath = defaultConfigPath;
        _defaultDropInDirectory = defaultDropInDirectory;
    }

    /// <summary>
    /// Loads the configuration. <paramref name="configPath"/> null means the default file, which may be missing;
    /// an explicit path must exist. <paramref name="dropInDirectory"/> null means the default directory; a missing
    /// drop-in directory is skipped, as in CRI-O.
    /// </summary>
    /// <exception cref="ConfigException">Malformed TOML, a wrongly typed value, or an unreadable/missing explicit file.</exception>
    public ConfigLoadResult Load(string? configPath = null, string? dropInDirectory = null, ConfigOverrides? overrides = null)
    {
        var state = new LoadState(CrispDefaults.Create(_systemd));
        var mainFile = configPath ?? _defaultConfigPath;
        if (File.Exists(mainFile))
        {
            state.Apply(mainFile, ReadFile(mainFile));
        }
        else if (configPath is not null)
        {
            throw new ConfigException(new ConfigIssue("", "configuration file not found", configPath));
        }

        var directory = dropInDirectory ?? _defaultDropInDirectory;
        foreach (var file in ListDropIns(directory))
        {
            state.Apply(file, ReadFile(file));
        }

        return state.Finish(overrides);
    }

    /// <summary>Loads configuration text on top of the defaults; <paramref name="sourceName"/> names it in messages.</summary>
    public ConfigLoadResult LoadText(string toml, string sourceName = "<text>", ConfigOverrides? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(toml);
        var state = new LoadState(CrispDefaults.Create(_systemd));
        state.Apply(sourceName, toml);
        return state.Finish(overrides);
    }

    /// <summary>Drop-in files of <paramref name="directory"/> in the order they are applied.</summary>
    public static IReadOnlyList<string> ListDropIns(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        return Directory.EnumerateFiles(directory)
            .Where(f => f.EndsWith(DropInExtension, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static string ReadFile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(new ConfigIssue("", "cannot read configuration file: " + ex.Message, path), ex);
        }
    }

    private sealed class LoadState
    {
        private readonly List<ConfigIssue> _warnings = [];
        private readonly List<string> _files = [];
        private readonly Dictionary<string, string> _origins = new(StringComparer.Ordinal);
        private CrispConfig _config;

        public LoadState(CrispConfig defaults)
        {
            _config = defaults;
        }

        public void Apply(string source, string text)
        {
            var document = TomlDocumentReader.Read(text, source);
            _config = CrispSchema.Apply(_config, document, new BindContext(source, _warnings, _origins));
            _files.Add(source);
        }

        public ConfigLoadResult Finish(ConfigOverrides? overrides)
        {
            var config = (overrides ?? ConfigOverrides.None).ApplyTo(_config, _origins);
            return new ConfigLoadResult(config, _warnings.ToArray(), _files.ToArray(), new Dictionary<string, string>(_origins, StringComparer.Ordinal));
        }
    }
}
