namespace Crisp.Config;

/// <summary>The <c>[crio.image]</c> table: image pulls, the pause image and signature policy.</summary>
public sealed record ImageConfig
{
    /// <summary><c>default_transport</c>: transport prefixed to image names that have none.</summary>
    public string DefaultTransport { get; init; } = "docker://";

    /// <summary><c>global_auth_file</c>: auth.json-style credentials for every pull ("" = none).</summary>
    public string GlobalAuthFile { get; init; } = "";

    /// <summary><c>pause_image</c>: image of the infra container.</summary>
    public string PauseImage { get; init; } = "registry.k8s.io/pause:3.10";

    /// <summary><c>pause_image_auth_file</c>: credentials used only for the pause image ("" = none).</summary>
    public string PauseImageAuthFile { get; init; } = "";

    /// <summary><c>pause_command</c>: command the infra container runs.</summary>
    public string PauseCommand { get; init; } = "/pause";

    /// <summary><c>pinned_images</c>: images (exact, "prefix*" or "*keyword*") exempt from kubelet GC.</summary>
    public ValueList<string> PinnedImages { get; init; } = ValueList<string>.Empty;

    /// <summary><c>signature_policy</c>: policy.json path ("" = /etc/containers/policy.json).</summary>
    public string SignaturePolicy { get; init; } = "";

    /// <summary><c>signature_policy_dir</c>: per-namespace policies, &lt;dir&gt;/&lt;namespace&gt;.json.</summary>
    public string SignaturePolicyDir { get; init; } = "/etc/crisp/policies";

    /// <summary><c>insecure_registries</c>: registries contacted without TLS verification.</summary>
    public ValueList<string> InsecureRegistries { get; init; } = ValueList<string>.Empty;

    /// <summary><c>image_volumes</c>: "mkdir", "bind" or "ignore" for VOLUMEs declared by images.</summary>
    public string ImageVolumes { get; init; } = "mkdir";

    /// <summary><c>big_files_temporary_dir</c>: scratch directory for blobs during pulls ("" = system temp).</summary>
    public string BigFilesTemporaryDir { get; init; } = "";

    /// <summary><c>auto_reload_registries</c>: reload registries.conf(.d) when it changes.</summary>
    public bool AutoReloadRegistries { get; init; }

    /// <summary><c>pull_progress_timeout</c>: cancel a pull that makes no progress for this long (0 = never).</summary>
    public TimeSpan PullProgressTimeout { get; init; } = TimeSpan.Zero;

    /// <summary><c>short_name_mode</c>: "enforcing" or "disabled" resolution of unqualified image names.</summary>
    public string ShortNameMode { get; init; } = "enforcing";
}
