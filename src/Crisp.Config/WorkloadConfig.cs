namespace Crisp.Config;

/// <summary>One <c>[crio.runtime.workloads.&lt;name&gt;]</c> table: settings a pod opts into with an annotation.</summary>
public sealed record WorkloadConfig
{
    /// <summary><c>activation_annotation</c>: pod annotation key that selects this workload.</summary>
    public string ActivationAnnotation { get; init; } = "";

    /// <summary><c>annotation_prefix</c>: prefix of per-container override annotations.</summary>
    public string AnnotationPrefix { get; init; } = "";

    /// <summary><c>allowed_annotations</c>: experimental annotations pods of this workload may use.</summary>
    public ValueList<string> AllowedAnnotations { get; init; } = ValueList<string>.Empty;

    /// <summary><c>resources</c>: default resources, or null when the table is absent.</summary>
    public WorkloadResources? Resources { get; init; }
}
