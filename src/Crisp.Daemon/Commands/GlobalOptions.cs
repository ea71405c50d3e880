using System.CommandLine;
using Crisp.Config;

namespace Crisp.Daemon.Commands;

/// <summary>
/// The configuration flags every command takes (as CRI-O's do). Precedence: flags, then drop-ins,
/// then the file, then the built-in defaults.
/// </summary>
internal sealed class GlobalOptions
{
    public Option<string?> Config { get; } = Flag<string?>("--config", "Path to the configuration file (default /etc/crisp/crisp.conf)", "-c");
    public Option<string?> ConfigDir { get; } = Flag<string?>("--config-dir", "Path to the drop-in directory (default /etc/crisp/crisp.conf.d)", "-d");
    public Option<string?> Listen { get; } = Flag<string?>("--listen", "Path to the CRI socket");
    public Option<string?> Root { get; } = Flag<string?>("--root", "Root directory for persistent state", "-r");
    public Option<string?> RunRoot { get; } = Flag<string?>("--runroot", "Root directory for run-time state");
    public Option<string?> LogLevel { get; } = Flag<string?>("--log-level", "trace, debug, info, warn, error, fatal or panic", "-l");
    public Option<string?> CgroupManager { get; } = Flag<string?>("--cgroup-manager", "cgroupfs or systemd");
    public Option<string?> Conmon { get; } = Flag<string?>("--conmon", "Path to the conmon binary");
    public Option<string?> DefaultRuntime { get; } = Flag<string?>("--default-runtime", "Runtime handler used when a pod names none");
    public Option<string?> PauseImage { get; } = Flag<string?>("--pause-image", "Image of the infra (pause) container");
    public Option<string?> CniConfigDir { get; } = Flag<string?>("--cni-config-dir", "Directory of CNI network configurations");
    public Option<string[]> CniPluginDirs { get; } = Flag<string[]>("--cni-plugin-dir", "Directory of CNI plugin binaries (repeatable)");
    public Option<string?> RegistriesConf { get; } = Flag<string?>("--registries-conf", "Path to registries.conf");
    public Option<string?> SignaturePolicy { get; } = Flag<string?>("--signature-policy", "Path to the signature policy (policy.json)");
    public Option<bool?> EnableMetrics { get; } = Flag<bool?>("--enable-metrics", "Serve Prometheus metrics");
    public Option<int?> MetricsPort { get; } = Flag<int?>("--metrics-port", "Port of the metrics endpoint");

    public void AddTo(Command command)
    {
        foreach (var option in All())
        {
            command.Options.Add(option);
        }
    }

    /// <summary>
    /// The effective configuration from the files and flags, with the warnings an operator should see;
    /// <paramref name="validate"/> also checks values and binaries (and throws <see cref="ConfigException"/>).
    /// </summary>
    public LoadedConfig Load(ParseResult parse, bool validate)
    {
        var result = new ConfigLoader().Load(parse.GetValue(Config), parse.GetValue(ConfigDir), Overrides(parse));
        var warnings = result.Warnings.ToList();
        if (validate)
        {
            warnings.AddRange(new ConfigValidator().Validate(result.Config, result.Origins));
        }

        return new LoadedConfig(result.Config, result.Origins, warnings);
    }

    private ConfigOverrides Overrides(ParseResult parse)
    {
        var pluginDirs = parse.GetValue(CniPluginDirs);
        return new ConfigOverrides
        {
            Listen = parse.GetValue(Listen),
            Root = parse.GetValue(Root),
            RunRoot = parse.GetValue(RunRoot),
            LogLevel = parse.GetValue(LogLevel),
            CgroupManager = parse.GetValue(CgroupManager),
            Conmon = parse.GetValue(Conmon),
            DefaultRuntime = parse.GetValue(DefaultRuntime),
            PauseImage = parse.GetValue(PauseImage),
            CniConfigDir = parse.GetValue(CniConfigDir),
            CniPluginDirs = pluginDirs is { Length: > 0 } ? pluginDirs : null,
            RegistriesConf = parse.GetValue(RegistriesConf),
            SignaturePolicy = parse.GetValue(SignaturePolicy),
            EnableMetrics = parse.GetValue(EnableMetrics),
            MetricsPort = parse.GetValue(MetricsPort),
        };
    }

    private IEnumerable<Option> All() =>
    [
        Config, ConfigDir, Listen, Root, RunRoot, LogLevel, CgroupManager, Conmon, DefaultRuntime, PauseImage,
        CniConfigDir, CniPluginDirs, RegistriesConf, SignaturePolicy, EnableMetrics, MetricsPort,
    ];

    private static Option<T> Flag<T>(string name, string description, params string[] aliases) =>
        new(name, aliases) { Description = description, Recursive = true };
}
