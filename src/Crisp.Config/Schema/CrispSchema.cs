using Crisp.Config.Toml;

namespace Crisp.Config.Schema;

/// <summary>The layout of a crio.conf document: the <c>[crio]</c> table and its sub-tables.</summary>
internal static class CrispSchema
{
    public const string Crio = "crio";
    public const string Api = "crio.api";
    public const string Runtime = "crio.runtime";
    public const string Runtimes = "crio.runtime.runtimes";
    public const string Workloads = "crio.runtime.workloads";
    public const string Image = "crio.image";
    public const string Network = "crio.network";
    public const string Metrics = "crio.metrics";
    public const string Tracing = "crio.tracing";
    public const string Stats = "crio.stats";
    public const string Nri = "crio.nri";

    /// <summary>Applies one parsed file on top of <paramref name="config"/>: only the keys present change.</summary>
    public static CrispConfig Apply(CrispConfig config, TomlTableNode document, BindContext context)
    {
        foreach (var (key, node) in document.Entries)
        {
            if (key == Crio)
            {
                config = ApplyCrio(config, context.ReadTable(key, node), context);
            }
            else
            {
                context.Warn(TomlText.Key(key), node, "unknown configuration key outside the [crio] table; ignored");
            }
        }

        return config;
    }

    /// <summary>Every modelled key of <paramref name="config"/> as (dotted path, TOML literal).</summary>
    public static IEnumerable<KeyValuePair<string, string>> Flatten(CrispConfig config)
    {
        var entries = RootSchema.Table.Flatten(config.Root, Crio)
            .Concat(ApiSchema.Table.Flatten(config.Api, Api))
            .Concat(RuntimeSchema.Table.Flatten(config.Runtime, Runtime));
        foreach (var (name, handler) in config.Runtime.Runtimes)
        {
            entries = entries.Concat(HandlerSchema.Table.Flatten(handler, TomlText.Child(Runtimes, name)));
        }

        foreach (var (name, workload) in config.Runtime.Workloads)
        {
            var path = TomlText.Child(Workloads, name);
            entries = entries.Concat(WorkloadSchema.Table.Flatten(workload, path));
            if (workload.Resources is not null)
            {
                entries = entries.Concat(WorkloadSchema.Resources.Flatten(workload.Resources, TomlText.Child(path, "resources")));
            }
        }

        return entries
            .Concat(ImageSchema.Table.Flatten(config.Image, Image))
            .Concat(NetworkSchema.Table.Flatten(config.Network, Network))
            .Concat(MetricsSchema.Table.Flatten(config.Metrics, Metrics))
            .Concat(TracingSchema.Table.Flatten(config.Tracing, Tracing))
            .Concat(StatsSchema.Table.Flatten(config.Stats, Stats))
            .Concat(NriSchema.Table.Flatten(config.Nri, Nri));
    }

    private static CrispConfig ApplyCrio(CrispConfig config, TomlTableNode table, BindContext context)
    {
        var current = config;
        var root = RootSchema.Table.Apply(config.Root, table, Crio, context, SubTable);
        return current with { Root = root };

        bool SubTable(ref RootConfig unused, string key, TomlNode node, string path, BindContext c)
        {
            switch (key)
            {
                case "api":
                    current = current with { Api = ApiSchema.Table.Apply(current.Api, c.ReadTable(path, node), path, c) };
                    return true;
                case "runtime":
                    current = current with { Runtime = RuntimeSchema.Apply(current.Runtime, c.ReadTable(path, node), path, c) };
                    return true;
                case "image":
                    current = current with { Image = ImageSchema.Table.Apply(current.Image, c.ReadTable(path, node), path, c) };
                    return true;
                case "network":
                    current = current with { Network = NetworkSchema.Apply(current.Network, c.ReadTable(path, node), path, c) };
                    return true;
                case "metrics":
                    current = current with { Metrics = MetricsSchema.Table.Apply(current.Metrics, c.ReadTable(path, node), path, c) };
                    return true;
                case "tracing":
                    current = current with { Tracing = TracingSchema.Table.Apply(current.Tracing, c.ReadTable(path, node), path, c) };
                    return true;
                case "stats":
                    current = current with { Stats = StatsSchema.Table.Apply(current.Stats, c.ReadTable(path, node), path, c) };
                    return true;
                case "nri":
                    current = current with { Nri = NriSchema.Table.Apply(current.Nri, c.ReadTable(path, node), path, c) };
                    return true;
                case "checkpoint_restore":
                    c.Warn(path, node, Unsupported.NewerOption);
                    return true;
                default:
                    return false;
            }
        }
    }
}
