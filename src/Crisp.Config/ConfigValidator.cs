namespace Crisp.Config;

/// <summary>
/// Checks a loaded configuration before it is used (at start and on reload). File-system lookups go
/// through <see cref="IFileProbe"/> and <see cref="IExecutableResolver"/> so tests are deterministic.
/// </summary>
public sealed partial class ConfigValidator
{
    private const string Runtimes = "crio.runtime.runtimes";

    private readonly IFileProbe _files;
    private readonly IExecutableResolver _executables;

    /// <summary>A validator that looks at the real file system and PATH.</summary>
    public ConfigValidator()
        : this(FileSystemProbe.Instance, PathExecutableResolver.Instance)
    {
    }

    /// <summary>A validator with injected file-system lookups.</summary>
    public ConfigValidator(IFileProbe files, IExecutableResolver executables)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(executables);
        _files = files;
        _executables = executables;
    }

    /// <summary>
    /// Validates and throws <see cref="ConfigException"/> listing every error; returns the warnings.
    /// <paramref name="origins"/> (from <see cref="ConfigLoadResult.Origins"/>) lets messages name files.
    /// </summary>
    public IReadOnlyList<ConfigIssue> Validate(CrispConfig config, IReadOnlyDictionary<string, string>? origins = null)
    {
        var result = Check(config, origins);
        if (!result.IsValid)
        {
            throw new ConfigException(result.Errors);
        }

        return result.Warnings;
    }

    /// <summary>Runs every check and reports errors and warnings without throwing.</summary>
    public ValidationResult Check(CrispConfig config, IReadOnlyDictionary<string, string>? origins = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var issues = new IssueCollector(origins);
        CheckRoot(config.Root, issues);
        CheckApi(config.Api, issues);
        CheckRuntime(config.Runtime, issues);
        CheckHandlers(config.Runtime, issues);
        CheckImage(config.Image, issues);
        CheckNetwork(config.Network, issues);
        CheckTelemetry(config, issues);
        return issues.ToResult();
    }

    /// <summary>True when the CRI runtime handler name ("" = default) names a configured handler.</summary>
    public static bool IsKnownHandler(CrispConfig config, string? handler)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Runtime.TryGetHandler(handler, out _, out _);
    }

    /// <summary>
    /// Resolves a CRI runtime handler name ("" or null = default_runtime) to a usable handler, finding its
    /// runtime and monitor binaries. Throws <see cref="ConfigException"/> for an unknown handler (key
    /// <c>crio.runtime.runtimes</c>) or one whose binaries cannot be found.
    /// </summary>
    public ResolvedRuntimeHandler ResolveHandler(CrispConfig config, string? handler)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!config.Runtime.TryGetHandler(handler, out var name, out var runtimeHandler))
        {
            throw new ConfigException(new ConfigIssue(Runtimes, $"unknown runtime handler \"{name}\""));
        }

        var problems = new List<ConfigIssue>();
        var resolved = Resolve(config.Runtime, name, runtimeHandler, problems);
        if (resolved is null)
        {
            throw new ConfigException(problems);
        }

        return resolved;
    }
}
