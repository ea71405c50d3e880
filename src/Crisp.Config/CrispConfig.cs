namespace Crisp.Config;

/// <summary>
/// The whole daemon configuration: the tables of crio.conf plus the registries.conf path, which
/// (as in CRI-O) only the <c>--registries-conf</c> flag sets.
/// </summary>
public sealed record CrispConfig
{
    /// <summary>Where registries.conf is read from unless the flag says otherwise.</summary>
    public const string DefaultRegistriesConf = "/etc/containers/registries.conf";

    /// <summary><c>[crio]</c></summary>
    public RootConfig Root { get; init; } = new();

    /// <summary><c>[crio.api]</c></summary>
    public ApiConfig Api { get; init; } = new();

    /// <summary><c>[crio.runtime]</c> and its handler and workload tables.</summary>
    public RuntimeConfig Runtime { get; init; } = new();

    /// <summary><c>[crio.image]</c></summary>
    public ImageConfig Image { get; init; } = new();

    /// <summary><c>[crio.network]</c></summary>
    public NetworkConfig Network { get; init; } = new();

    /// <summary><c>[crio.metrics]</c></summary>
    public MetricsConfig Metrics { get; init; } = new();

    /// <summary><c>[crio.tracing]</c></summary>
    public TracingConfig Tracing { get; init; } = new();

    /// <summary><c>[crio.stats]</c></summary>
    public StatsConfig Stats { get; init; } = new();

    /// <summary><c>[crio.nri]</c></summary>
    public NriConfig Nri { get; init; } = new();

    /// <summary>registries.conf path; not part of the TOML file.</summary>
    public string RegistriesConf { get; init; } = DefaultRegistriesConf;
}
