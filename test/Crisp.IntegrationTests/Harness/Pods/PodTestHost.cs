using System.Text.Json;
using Runtime.V1;
using Shouldly;

namespace Crisp.IntegrationTests.Harness.Pods;

/// <summary>
/// A test daemon that runs pods on a CNI network of the test's own (<see cref="TestPodNetwork"/>). Disposing it
/// removes everything, also after a failed test: every container and pod through the CRI, then whatever is still
/// there — runc containers in the daemon's runc root, conmon processes of the test, processes left in the test's
/// cgroups, mounts under the test directory (pod /dev/shm, pinned namespaces, the namespaces directory's own bind
/// mount, infra and container root file systems), portmap rules, cached CNI results, the bridge and the cgroups —
/// and finally the directory. Container helpers are in PodTestHost.Containers.cs.
/// </summary>
public sealed partial class PodTestHost : IAsyncDisposable
{
    private PodTestHost(CrispDaemon daemon, TestPodNetwork network)
    {
        Daemon = daemon;
        Network = network;
    }

    public CrispDaemon Daemon { get; private set; }

    public TestPodNetwork Network { get; }

    public CrispDaemonFiles Files => Daemon.Files;

    public RuntimeService.RuntimeServiceClient Runtime => Daemon.Runtime;

    /// <summary>A cgroupfs parent of this test's own for its pods (removed on dispose), so nothing is left under the default /crisp.</summary>
    public string CgroupParent { get; } = TestCgroups.NewParent();

    /// <summary>Where pod log directories go (inside the test directory).</summary>
    public string LogRoot => Path.Combine(Files.Directory, "logs");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Starts a daemon with the test network configured; <paramref name="configure"/> may add more.</summary>
    public static async Task<PodTestHost> StartAsync(Action<CrispDaemonFiles>? configure = null)
    {
        Assert.SkipUnless(Environment.IsPrivilegedProcess, "needs root: pins namespaces, creates bridges, mounts and containers");
        Assert.SkipUnless(File.Exists("/usr/lib/cni/bridge"), "needs containernetworking-plugins in /usr/lib/cni");
        var network = new TestPodNetwork();
        var daemon = await CrispDaemon.StartAsync(files =>
        {
            network.WriteConfig(files);
            configure?.Invoke(files);
        });
        return new PodTestHost(daemon, network);
    }

    /// <summary>Stops the daemon (SIGKILL when <paramref name="kill"/>) and starts it again on the same state.</summary>
    public async Task RestartAsync(bool kill)
    {
        Daemon = await Daemon.RestartAsync(kill);
    }

    /// <summary>Stops the daemon (SIGTERM, or SIGKILL when <paramref name="kill"/>), runs <paramref name="whileDown"/>, and starts it again.</summary>
    public async Task RestartAsync(bool kill, Func<Task> whileDown)
    {
        if (kill)
        {
            await Daemon.KillAsync();
        }
        else
        {
            await Daemon.StopAsync();
        }

        await whileDown();
        Daemon = await Daemon.RestartAsync(kill: false);
    }

    public string PinPath(string kind, string id) => Path.Combine(Files.NamespacesDir, kind, id);

    public async Task<string> RunAsync(PodSandboxConfig config, string handler = "") =>
        (await Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = config, RuntimeHandler = handler }, cancellationToken: Ct)).PodSandboxId;

    public async Task<PodSandboxStatus> StatusAsync(string id) =>
        (await Runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = id }, cancellationToken: Ct)).Status;

    /// <summary>The verbose status's <c>info["info"]</c> JSON.</summary>
    public async Task<JsonElement> InfoAsync(string id)
    {
        var response = await Runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = id, Verbose = true }, cancellationToken: Ct);
        using var document = JsonDocument.Parse(response.Info["info"]);
        return document.RootElement.Clone();
    }

    public async Task StopAsync(string id) =>
        await Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = id }, cancellationToken: Ct);

    public async Task RemoveAsync(string id) =>
        await Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = id }, cancellationToken: Ct);

    public async Task<IReadOnlyList<PodSandbox>> ListAsync(PodSandboxFilter? filter = null) =>
        (await Runtime.ListPodSandboxAsync(new ListPodSandboxRequest { Filter = filter }, cancellationToken: Ct)).Items;

    /// <summary>
    /// After the test removed its pods: no mounts under the test directory but the namespaces directory's own bind
    /// mount, no pinned namespace files, no process of the test but the daemon, nothing on the bridge, no address
    /// reserved, no portmap rule or cached CNI result, no pod directories; and of containers: no state directories,
    /// no container storage or bundles, no runc containers, no exit files or attach sockets, no cgroups below
    /// <see cref="CgroupParent"/> (and so no container processes).
    /// </summary>
    public void ShouldHaveNoLeftovers()
    {
        PodLeftovers.Mounts(Files.Directory).Where(m => m != Files.NamespacesDir).ShouldBeEmpty("mounts under the test directory");
        PodLeftovers.NamespaceFiles(Files.NamespacesDir).ShouldBeEmpty("pinned namespace files");
        PodLeftovers.Processes(Files.Directory, Daemon.Pid).ShouldBeEmpty("processes of the test (conmon, runc)");
        Network.BridgePorts().ShouldBeEmpty("veths on the test bridge");
        Network.ReservedAddresses().ShouldBeEmpty("host-local reservations");
        Network.NatRules().ShouldBeEmpty("portmap rules");
        Network.CachedResults().ShouldBeEmpty("cached CNI results");
        DirectoryEntries(Path.Combine(Files.Root, "sandboxes")).ShouldBeEmpty("sandbox state directories");
        DirectoryEntries(Path.Combine(Files.RunRoot, "sandboxes")).ShouldBeEmpty("pod directories");
        DirectoryEntries(Path.Combine(Files.Root, "overlay-containers")).ShouldBeEmpty("container storage (infra and containers)");
        DirectoryEntries(Path.Combine(Files.RunRoot, "overlay-containers")).ShouldBeEmpty("container bundles");
        DirectoryEntries(Path.Combine(Files.Root, "containers")).ShouldBeEmpty("container state directories");
        RuncContainers().ShouldBeEmpty("runc containers");
        DirectoryEntries(Files.ExitsDir).ShouldBeEmpty("conmon exit files");
        DirectoryEntries(Files.AttachSocketDir).ShouldBeEmpty("attach sockets");
        TestCgroups.Children(CgroupParent).ShouldBeEmpty("cgroups below the pods' cgroup parent");
        TestCgroups.Processes(CgroupParent).ShouldBeEmpty("processes in the pods' cgroups");
    }

    /// <summary>The ids runc lists in the daemon's runc root.</summary>
    public string[] RuncContainers()
    {
        var containers = HostCommand.TryRun("runc", "--root", Files.RuncRoot, "list", "-q");
        return containers.ExitCode == 0 ? containers.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries) : [];
    }

    private static string[] DirectoryEntries(string path) => Directory.Exists(path) ? Directory.GetFileSystemEntries(path) : [];

    public async ValueTask DisposeAsync()
    {
        var output = TestContext.Current.TestOutputHelper;
        void Report(string message) => output?.WriteLine("cleanup: " + message);

        if (!Daemon.HasExited)
        {
            try
            {
                // RemovePodSandbox removes a pod's containers; removing them first also covers a pod whose removal fails.
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                foreach (var container in (await Runtime.ListContainersAsync(new ListContainersRequest(), cancellationToken: timeout.Token)).Containers)
                {
                    await Runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = container.Id }, cancellationToken: timeout.Token);
                }
            }
            catch (Exception e) when (e is Grpc.Core.RpcException or OperationCanceledException)
            {
                Report($"removing containers through the daemon failed: {e.Message}");
            }

            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                foreach (var pod in (await Runtime.ListPodSandboxAsync(new ListPodSandboxRequest(), cancellationToken: timeout.Token)).Items)
                {
                    await Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = pod.Id }, cancellationToken: timeout.Token);
                }
            }
            catch (Exception e) when (e is Grpc.Core.RpcException or OperationCanceledException)
            {
                Report($"removing pods through the daemon failed: {e.Message}");
            }

            try
            {
                await Daemon.StopAsync();
            }
            catch (OperationCanceledException)
            {
                Report("the daemon did not stop on SIGTERM");
            }
        }

        foreach (var id in RuncContainers())
        {
            Report($"deleting leftover container {id}");
            HostCommand.TryRun("runc", "--root", Files.RuncRoot, "delete", "--force", id);
        }

        foreach (var (pid, commandLine) in PodLeftovers.Processes(Files.Directory, Daemon.Pid))
        {
            Report($"killing leftover process {pid}: {commandLine}");
            Crisp.Linux.Processes.Signal(pid, Crisp.Linux.Processes.SigKill);
        }

        TestCgroups.KillProcesses(CgroupParent, Report);
        Network.CleanUp(Report);
        PodLeftovers.UnmountAll(Files.Directory, Report);
        TestCgroups.Remove(CgroupParent, Report);
        await Daemon.DisposeAsync();
    }
}
