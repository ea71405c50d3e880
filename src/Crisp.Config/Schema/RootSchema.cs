namespace Crisp.Config.Schema;

/// <summary>Keys of the <c>[crio]</c> table.</summary>
internal static class RootSchema
{
    public static TableSpec<RootConfig> Table { get; } = new(
    [
        Key.Text<RootConfig>("root", "Directory for persistent data: images, layers and container state.",
            c => c.Root, (c, v) => c with { Root = v }),
        Key.Text<RootConfig>("runroot", "Directory for volatile state that a reboot clears.",
            c => c.RunRoot, (c, v) => c with { RunRoot = v }),
        Key.Text<RootConfig>("imagestore", "Separate directory for pulled images; empty keeps them under root.",
            c => c.ImageStore, (c, v) => c with { ImageStore = v }),
        Key.Text<RootConfig>("storage_driver", "Layer storage driver.",
            c => c.StorageDriver, (c, v) => c with { StorageDriver = v }),
        Key.List<RootConfig>("storage_option", "Options passed to the storage driver.",
            c => c.StorageOptions, (c, v) => c with { StorageOptions = v }),
        Key.Text<RootConfig>("log_dir", "Container log directory used when the kubelet does not name one.",
            c => c.LogDir, (c, v) => c with { LogDir = v }),
        Key.Text<RootConfig>("version_file", "Version stamp on tmpfs; its absence means the node rebooted.",
            c => c.VersionFile, (c, v) => c with { VersionFile = v }),
        Key.Text<RootConfig>("version_file_persist", "Version stamp on disk used to notice upgrades; empty disables it.",
            c => c.VersionFilePersist, (c, v) => c with { VersionFilePersist = v }),
        Key.Text<RootConfig>("clean_shutdown_file", "Marker written on an orderly shutdown; missing after a crash.",
            c => c.CleanShutdownFile, (c, v) => c with { CleanShutdownFile = v }),
        Key.Flag<RootConfig>("internal_wipe", "Remove stale containers and images at start-up after a reboot or upgrade.",
            c => c.InternalWipe, (c, v) => c with { InternalWipe = v }),
        Key.Flag<RootConfig>("internal_repair", "Check and repair storage at start-up after an unclean shutdown.",
            c => c.InternalRepair, (c, v) => c with { InternalRepair = v }),
    ]);
}
