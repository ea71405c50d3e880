namespace Crisp.Config.Schema;

/// <summary>Keys of the <c>[crio.image]</c> table.</summary>
internal static class ImageSchema
{
    public static TableSpec<ImageConfig> Table { get; } = new(
    [
        Key.Text<ImageConfig>("default_transport", "Transport assumed for image names that do not give one.",
            c => c.DefaultTransport, (c, v) => c with { DefaultTransport = v }),
        Key.Text<ImageConfig>("global_auth_file", "Registry credentials (auth.json format) used for every pull; empty for none.",
            c => c.GlobalAuthFile, (c, v) => c with { GlobalAuthFile = v }),
        Key.Text<ImageConfig>("pause_image", "Image of the infra (pause) container.",
            c => c.PauseImage, (c, v) => c with { PauseImage = v }),
        Key.Text<ImageConfig>("pause_image_auth_file", "Registry credentials used only for the pause image; empty for none.",
            c => c.PauseImageAuthFile, (c, v) => c with { PauseImageAuthFile = v }),
        Key.Text<ImageConfig>("pause_command", "Command the infra container runs.",
            c => c.PauseCommand, (c, v) => c with { PauseCommand = v }),
        Key.List<ImageConfig>("pinned_images", "Images the kubelet must not garbage-collect: exact, \"prefix*\" or \"*keyword*\".",
            c => c.PinnedImages, (c, v) => c with { PinnedImages = v }),
        Key.Text<ImageConfig>("signature_policy", "Signature policy file; empty uses /etc/containers/policy.json.",
            c => c.SignaturePolicy, (c, v) => c with { SignaturePolicy = v }),
        Key.Text<ImageConfig>("signature_policy_dir", "Per-namespace policies, read from <dir>/<namespace>.json when present.",
            c => c.SignaturePolicyDir, (c, v) => c with { SignaturePolicyDir = v }),
        Key.List<ImageConfig>("insecure_registries", "Registries contacted without TLS verification.",
            c => c.InsecureRegistries, (c, v) => c with { InsecureRegistries = v }),
        Key.Text<ImageConfig>("image_volumes", "Handling of image-declared volumes: \"mkdir\", \"bind\" or \"ignore\".",
            c => c.ImageVolumes, (c, v) => c with { ImageVolumes = v }),
        Key.Text<ImageConfig>("big_files_temporary_dir", "Scratch directory for blobs while pulling; empty uses the system default.",
            c => c.BigFilesTemporaryDir, (c, v) => c with { BigFilesTemporaryDir = v }),
        Key.Flag<ImageConfig>("auto_reload_registries", "Reload registries.conf and registries.conf.d when they change.",
            c => c.AutoReloadRegistries, (c, v) => c with { AutoReloadRegistries = v }),
        Key.Duration<ImageConfig>("pull_progress_timeout", "Cancel a pull that makes no progress for this long; \"0s\" never cancels.",
            c => c.PullProgressTimeout, (c, v) => c with { PullProgressTimeout = v }),
        Key.Text<ImageConfig>("short_name_mode", "Unqualified image names: \"enforcing\" rejects ambiguous ones, \"disabled\" takes the first match.",
            c => c.ShortNameMode, (c, v) => c with { ShortNameMode = v }),
    ],
    Ignored());

    private static Dictionary<string, string?> Ignored()
    {
        var ignored = Unsupported.Newer("namespaced_auth_dir", "oci_artifact_mount_support");
        ignored["registries"] = "the registries option has no effect; configure unqualified-search registries in registries.conf";
        return ignored;
    }
}
