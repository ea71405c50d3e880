namespace Crisp.Bench.Lifecycle.Daemons;

/// <summary>
/// containerd 1.6's config.toml (version 2) for a bench daemon: root, state, temp, opt, socket and runc root inside its
/// directory (network namespaces too: <c>netns_mounts_under_state_dir</c>), cgroupfs (<c>SystemdCgroup = false</c>: no
/// systemd here), <c>restrict_oom_score_adj</c> (no CAP_SYS_RESOURCE, so negative oom_score_adj is refused), no AppArmor,
/// the bench registry as a plain-HTTP mirror of itself, the bench's pause image, and CNI from /usr/lib/cni with a
/// configuration directory of its own. Snapshotters and services the CRI does not need are disabled.
/// </summary>
internal static class ContainerdConfig
{
    public static string Socket(string directory) => Path.Combine(directory, "containerd.sock");

    /// <summary>runc's --root for the k8s.io namespace (the shim appends the namespace to the configured Root).</summary>
    public static string RuncRoot(string directory) => Path.Combine(directory, "runc");

    public static string Text(string directory, DaemonSettings settings) => $"""
        # written by crisp-bench lifecycle
        version = 2
        root = "{Path.Combine(directory, "root")}"
        state = "{Path.Combine(directory, "state")}"
        temp = "{Path.Combine(directory, "tmp")}"
        oom_score = 0
        disabled_plugins = [
          "io.containerd.snapshotter.v1.aufs",
          "io.containerd.snapshotter.v1.btrfs",
          "io.containerd.snapshotter.v1.zfs",
          "io.containerd.snapshotter.v1.devmapper",
          "io.containerd.tracing.processor.v1.otlp",
          "io.containerd.internal.v1.tracing",
        ]

        [grpc]
          address = "{Socket(directory)}"

        [debug]
          address = ""
          level = "{settings.LogLevel}"

        [metrics]
          address = ""

        [plugins]
          [plugins."io.containerd.internal.v1.opt"]
            path = "{Path.Combine(directory, "opt")}"

          [plugins."io.containerd.grpc.v1.cri"]
            sandbox_image = "{settings.PauseImage}"
            restrict_oom_score_adj = true
            disable_apparmor = true
            enable_selinux = false
            netns_mounts_under_state_dir = true
            stream_server_address = "127.0.0.1"
            stream_server_port = "0"

            [plugins."io.containerd.grpc.v1.cri".containerd]
              snapshotter = "overlayfs"
              default_runtime_name = "runc"

              [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
                runtime_type = "io.containerd.runc.v2"

                [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
                  SystemdCgroup = false
                  BinaryName = "runc"
                  Root = "{RuncRoot(directory)}"

            [plugins."io.containerd.grpc.v1.cri".cni]
              bin_dir = "/usr/lib/cni"
              conf_dir = "{Path.Combine(directory, "cni")}"
              max_conf_num = 1

            [plugins."io.containerd.grpc.v1.cri".registry.mirrors."{settings.RegistryHost}"]
              endpoint = ["http://{settings.RegistryHost}"]

        """;
}
