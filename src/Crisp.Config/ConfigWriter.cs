using System.Text;
using Crisp.Config.Schema;
using Crisp.Config.Toml;

namespace Crisp.Config;

/// <summary>
/// Writes a configuration as commented TOML in crio.conf's table layout. Every key is written, so
/// loading the text back gives an equal configuration (except <see cref="CrispConfig.RegistriesConf"/>,
/// which is a flag and not part of the file).
/// </summary>
public static class ConfigWriter
{
    /// <summary>Renders <paramref name="config"/> as a complete crio.conf-format document.</summary>
    public static string Write(CrispConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var output = new StringBuilder();
        output.Append("# crisp configuration, in CRI-O's crio.conf format.\n");
        output.Append("# crisp reads /etc/crisp/crisp.conf, then every *.conf file in /etc/crisp/crisp.conf.d/\n");
        output.Append("# in lexical order (later files override earlier ones key by key), then command-line flags.\n");
        output.Append("# registries.conf is read from ").Append(config.RegistriesConf.ReplaceLineEndings(" ")).Append(" (set with --registries-conf).\n\n");

        Section(output, CrispSchema.Crio, "Storage locations and daemon bookkeeping files.", RootSchema.Table, config.Root);
        Section(output, CrispSchema.Api, "The CRI socket and the exec/attach/port-forward streaming server.", ApiSchema.Table, config.Api);
        Section(output, CrispSchema.Runtime, "How containers are created, confined and monitored.", RuntimeSchema.Table, config.Runtime);

        foreach (var (name, handler) in config.Runtime.Runtimes)
        {
            Section(output, TomlText.Child(CrispSchema.Runtimes, name), $"Runtime handler \"{name}\", selected by the kubelet's runtime handler name.", HandlerSchema.Table, handler);
        }

        foreach (var (name, workload) in config.Runtime.Workloads)
        {
            var path = TomlText.Child(CrispSchema.Workloads, name);
            Section(output, path, $"Workload \"{name}\", activated by a pod annotation.", WorkloadSchema.Table, workload);
            if (workload.Resources is not null)
            {
                Section(output, TomlText.Child(path, "resources"), $"Default resources of workload \"{name}\".", WorkloadSchema.Resources, workload.Resources);
            }
        }

        Section(output, CrispSchema.Image, "Image pulls, the pause image and signature policy.", ImageSchema.Table, config.Image);
        Section(output, CrispSchema.Network, "CNI network configuration and plugins.", NetworkSchema.Table, config.Network);
        Section(output, CrispSchema.Metrics, "Prometheus metrics endpoint.", MetricsSchema.Table, config.Metrics);
        Section(output, CrispSchema.Tracing, "OpenTelemetry trace export.", TracingSchema.Table, config.Tracing);
        Section(output, CrispSchema.Stats, "Container and pod statistics.", StatsSchema.Table, config.Stats);
        Section(output, CrispSchema.Nri, "Node Resource Interface.", NriSchema.Table, config.Nri);

        return output.ToString().TrimEnd('\n') + "\n";
    }

    private static void Section<T>(StringBuilder output, string path, string comment, TableSpec<T> table, T value)
    {
        output.Append("# ").Append(comment).Append('\n');
        output.Append('[').Append(path).Append("]\n\n");
        table.Write(output, value);
    }
}
