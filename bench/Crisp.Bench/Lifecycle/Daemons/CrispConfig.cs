namespace Crisp.Bench.Lifecycle.Daemons;

/// <summary>
/// The drop-in a bench crisp daemon gets on top of <see cref="Contestants.CrispDaemonProcess"/>'s base configuration
/// (cgroupfs, CNI directory, registries.conf, policy): the namespaces, exits, attach-socket and runc state directories
/// inside its directory (as the integration tests' BaseConfig does), the bench's pause image, and drop_infra_ctr.
/// </summary>
internal static class CrispConfig
{
    public const string DropInPath = "crisp.conf.d/50-lifecycle.conf";

    public static string RuncRoot(string directory) => Path.Combine(directory, "runc");

    public static string DropIn(string directory, DaemonSettings settings, bool dropInfraCtr) => $"""
        # written by crisp-bench lifecycle
        [crio.image]
        pause_image = "{settings.PauseImage}"

        [crio.runtime]
        drop_infra_ctr = {(dropInfraCtr ? "true" : "false")}
        namespaces_dir = "{Path.Combine(directory, "ns")}"
        container_exits_dir = "{Path.Combine(directory, "exits")}"
        container_attach_socket_dir = "{Path.Combine(directory, "s")}"

        [crio.runtime.runtimes.runc]
        runtime_root = "{RuncRoot(directory)}"

        """;
}
