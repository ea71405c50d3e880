namespace Crisp.Config;

/// <summary>
/// Command-line overrides; a null field leaves the value from the files (or the default) alone.
/// They are applied after every file, so flags win over drop-ins, which win over the main file.
/// </summary>
public sealed record ConfigOverrides
{
    /// <summary>The source name recorded for keys set by flags.</summary>
    public const string Source = "command line";

    /// <summary>No overrides.</summary>
    public static ConfigOverrides None { get; } = new();

    /// <summary><c>--listen</c> → <c>crio.api.listen</c>.</summary>
    public string? Listen { get; init; }

    /// <summary><c>--root</c> → <c>crio.root</c>.</summary>
    public string? Root { get; init; }

    /// <summary><c>--runroot</c> → <c>crio.runroot</c>.</summary>
    public string? RunRoot { get; init; }

    /// <summary><c>--log-level</c> → <c>crio.runtime.log_level</c>.</summary>
    public string? LogLevel { get; init; }

    /// <summary><c>--cgroup-manager</c> → <c>crio.runtime.cgroup_manager</c>.</summary>
    public string? CgroupManager { get; init; }

    /// <summary><c>--conmon</c> → <c>crio.runtime.conmon</c>.</summary>
    public string? Conmon { get; init; }

    /// <summary><c>--default-runtime</c> → <c>crio.runtime.default_runtime</c>.</summary>
    public string? DefaultRuntime { get; init; }

    /// <summary><c>--pause-image</c> → <c>crio.image.pause_image</c>.</summary>
    public string? PauseImage { get; init; }

    /// <summary><c>--cni-config-dir</c> → <c>crio.network.network_dir</c>.</summary>
    public string? CniConfigDir { get; init; }

    /// <summary><c>--cni-plugin-dir</c> (repeatable) → <c>crio.network.plugin_dirs</c>.</summary>
    public IReadOnlyList<string>? CniPluginDirs { get; init; }

    /// <summary><c>--registries-conf</c> → <see cref="CrispConfig.RegistriesConf"/>.</summary>
    public string? RegistriesConf { get; init; }

    /// <summary><c>--signature-policy</c> → <c>crio.image.signature_policy</c>.</summary>
    public string? SignaturePolicy { get; init; }

    /// <summary><c>--enable-metrics</c> → <c>crio.metrics.enable_metrics</c>.</summary>
    public bool? EnableMetrics { get; init; }

    /// <summary><c>--metrics-port</c> → <c>crio.metrics.metrics_port</c>.</summary>
    public int? MetricsPort { get; init; }

    /// <summary>Applies the non-null fields, recording each key it sets in <paramref name="origins"/>.</summary>
    public CrispConfig ApplyTo(CrispConfig config, IDictionary<string, string>? origins = null)
    {
        ArgumentNullException.ThrowIfNull(config);

        void Set(string key)
        {
            if (origins is not null)
            {
                origins[key] = Source;
            }
        }

        var root = config.Root;
        var api = config.Api;
        var runtime = config.Runtime;
        var image = config.Image;
        var network = config.Network;
        var metrics = config.Metrics;
        var registries = config.RegistriesConf;

        if (Listen is not null)
        {
            api = api with { Listen = Listen };
            Set("crio.api.listen");
        }

        if (Root is not null)
        {
            root = root with { Root = Root };
            Set("crio.root");
        }

        if (RunRoot is not null)
        {
            root = root with { RunRoot = RunRoot };
            Set("crio.runroot");
        }

        if (LogLevel is not null)
        {
            runtime = runtime with { LogLevel = LogLevel };
            Set("crio.runtime.log_level");
        }

        if (CgroupManager is not null)
        {
            runtime = runtime with { CgroupManager = CgroupManager };
            Set("crio.runtime.cgroup_manager");
        }

        if (Conmon is not null)
        {
            runtime = runtime with { Conmon = Conmon };
            Set("crio.runtime.conmon");
        }

        if (DefaultRuntime is not null)
        {
            runtime = runtime with { DefaultRuntime = DefaultRuntime };
            Set("crio.runtime.default_runtime");
        }

        if (PauseImage is not null)
        {
            image = image with { PauseImage = PauseImage };
            Set("crio.image.pause_image");
        }

        if (SignaturePolicy is not null)
        {
            image = image with { SignaturePolicy = SignaturePolicy };
            Set("crio.image.signature_policy");
        }

        if (CniConfigDir is not null)
        {
            network = network with { NetworkDir = CniConfigDir };
            Set("crio.network.network_dir");
        }

        if (CniPluginDirs is not null)
        {
            network = network with { PluginDirs = ValueList.From(CniPluginDirs) };
            Set("crio.network.plugin_dirs");
        }

        if (EnableMetrics is not null)
        {
            metrics = metrics with { EnableMetrics = EnableMetrics.Value };
            Set("crio.metrics.enable_metrics");
        }

        if (MetricsPort is not null)
        {
            metrics = metrics with { MetricsPort = MetricsPort.Value };
            Set("crio.metrics.metrics_port");
        }

        if (RegistriesConf is not null)
        {
            registries = RegistriesConf;
            Set("registries_conf");
        }

        return config with
        {
            Root = root,
            Api = api,
            Runtime = runtime,
            Image = image,
            Network = network,
            Metrics = metrics,
            RegistriesConf = registries,
        };
    }
}
