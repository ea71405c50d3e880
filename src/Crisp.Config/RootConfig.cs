using System.Text.Json.Serialization;

namespace Crisp.Config;

/// <summary>The top-level <c>[crio]</c> table: storage locations and daemon bookkeeping files.</summary>
public sealed record RootConfig
{
    /// <summary><c>root</c>: persistent data (images, layers, container state).</summary>
    public string Root { get; init; } = "/var/lib/crisp";

    /// <summary><c>runroot</c>: volatile state that does not survive a reboot.</summary>
    [JsonPropertyName("runroot")]
    public string RunRoot { get; init; } = "/run/crisp";

    /// <summary><c>imagestore</c>: optional separate location for pulled images ("" = under root).</summary>
    [JsonPropertyName("imagestore")]
    public string ImageStore { get; init; } = "";

    /// <summary><c>storage_driver</c>: layer storage driver.</summary>
    public string StorageDriver { get; init; } = "overlay";

    /// <summary><c>storage_option</c>: driver-specific options.</summary>
    [JsonPropertyName("storage_option")]
    public ValueList<string> StorageOptions { get; init; } = ValueList<string>.Empty;

    /// <summary><c>log_dir</c>: container log directory used when the kubelet gives none.</summary>
    public string LogDir { get; init; } = "/var/log/crisp/pods";

    /// <summary><c>version_file</c>: version stamp on tmpfs, used to detect reboots.</summary>
    public string VersionFile { get; init; } = "/run/crisp/version";

    /// <summary><c>version_file_persist</c>: version stamp on disk, used to detect upgrades ("" = off).</summary>
    public string VersionFilePersist { get; init; } = "";

    /// <summary><c>clean_shutdown_file</c>: marker written on an orderly shutdown.</summary>
    public string CleanShutdownFile { get; init; } = "/var/lib/crisp/clean.shutdown";

    /// <summary><c>internal_wipe</c>: wipe stale containers/images at start instead of needing <c>crisp wipe</c>.</summary>
    public bool InternalWipe { get; init; } = true;

    /// <summary><c>internal_repair</c>: check and repair storage after an unclean shutdown.</summary>
    public bool InternalRepair { get; init; }
}
