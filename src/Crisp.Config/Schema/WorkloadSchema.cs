using Crisp.Config.Toml;

namespace Crisp.Config.Schema;

/// <summary>Keys of a <c>[crio.runtime.workloads.&lt;name&gt;]</c> table and its <c>resources</c> sub-table.</summary>
internal static class WorkloadSchema
{
    public static TableSpec<WorkloadConfig> Table { get; } = new(
    [
        Key.Text<WorkloadConfig>("activation_annotation", "Pod annotation key that opts the pod into this workload.",
            c => c.ActivationAnnotation, (c, v) => c with { ActivationAnnotation = v }),
        Key.Text<WorkloadConfig>("annotation_prefix", "Prefix of per-container override annotations.",
            c => c.AnnotationPrefix, (c, v) => c with { AnnotationPrefix = v }),
        Key.List<WorkloadConfig>("allowed_annotations", "Experimental annotations pods of this workload may use.",
            c => c.AllowedAnnotations, (c, v) => c with { AllowedAnnotations = v }),
    ]);

    public static TableSpec<WorkloadResources> Resources { get; } = new(
    [
        Key.Int64<WorkloadResources>("cpushares", "Default CPU shares; 0 leaves them unset.",
            c => c.CpuShares, (c, v) => c with { CpuShares = v }, min: 0),
        Key.Int64<WorkloadResources>("cpuquota", "Default CFS quota in microseconds; 0 leaves it unset.",
            c => c.CpuQuota, (c, v) => c with { CpuQuota = v }),
        Key.Int64<WorkloadResources>("cpuperiod", "Default CFS period in microseconds; 0 leaves it unset.",
            c => c.CpuPeriod, (c, v) => c with { CpuPeriod = v }, min: 0),
        Key.Text<WorkloadResources>("cpuset", "Default CPU list; empty leaves it unset.",
            c => c.CpuSet, (c, v) => c with { CpuSet = v }),
        Key.Int64<WorkloadResources>("cpulimit", "Default CPU limit in millicores; 0 leaves it unset.",
            c => c.CpuLimit, (c, v) => c with { CpuLimit = v }),
    ]);

    public static WorkloadConfig Apply(WorkloadConfig value, TomlTableNode table, string path, BindContext context) =>
        Table.Apply(value, table, path, context, SubTables);

    private static bool SubTables(ref WorkloadConfig value, string key, TomlNode node, string path, BindContext context)
    {
        if (key != "resources")
        {
            return false;
        }

        var resources = Resources.Apply(value.Resources ?? new WorkloadResources(), context.ReadTable(path, node), path, context);
        value = value with { Resources = resources };
        return true;
    }
}
