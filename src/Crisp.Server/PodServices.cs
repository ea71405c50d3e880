using Crisp.Config;
using Crisp.Core;
using Crisp.Core.Containers;
using Crisp.Core.Events;
using Crisp.Core.Runtime;
using Crisp.Core.Sandboxes;
using Crisp.Core.State;
using Crisp.Core.Stats;
using Crisp.Images.Local;
using Crisp.Images.Pull;
using Crisp.Network;
using Crisp.Network.Namespaces;
using Crisp.Oci.Runtime;
using Crisp.Oci.Spec;
using Crisp.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crisp.Server;

/// <summary>
/// Registers the pod side of the daemon: the sandbox store and name registry, namespace pinning under
/// <c>namespaces_dir</c>, the pod /dev/shm, the OCI runtime of each handler (conmon + runc), the exit monitor on
/// <c>container_exits_dir</c>, infra containers, the container event broadcaster, the <see cref="SandboxManager"/> and the <see cref="ContainerManager"/>.
/// </summary>
internal static class PodServices
{
    public static void Add(IServiceCollection services, CrispConfig config)
    {
        var root = config.Root.Root;
        var runRoot = config.Root.RunRoot;
        var directories = RuntimeDirectories.Under(runRoot);
        services.AddSingleton(new SandboxPaths(root, runRoot));
        services.AddSingleton(_ => new SandboxStore(root));
        services.AddSingleton(_ => new ContainerStore(root));
        services.AddSingleton<NameRegistry>();
        services.AddSingleton(sp => new ContainerFileSystems(sp.GetRequiredService<LayerStore>(), sp.GetRequiredService<SandboxPaths>()));
        services.AddSingleton(sp => new NamespacePinner(config.Runtime.NamespacesDir, sp.GetRequiredService<ILogger<NamespacePinner>>()));
        services.AddSingleton<IPodNamespaces>(sp => new PinnedPodNamespaces(sp.GetRequiredService<NamespacePinner>()));
        services.AddSingleton<IPodShm, TmpfsPodShm>();
        services.AddSingleton(_ => SpecHostFacts.Probe());
        services.AddSingleton<IOciRuntimes>(sp => new ConfiguredOciRuntimes(
            sp.GetRequiredService<ICrispConfigSource>(), new ConfigValidator(), directories, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => sp.GetRequiredService<IOciRuntimes>().For(config.Runtime.ResolveHandlerName(null)));
        services.AddSingleton(sp => new ExitMonitor(
            new ExitMonitorOptions { ExitsDirectory = config.Runtime.ContainerExitsDir, PersistRoot = directories.PersistRoot },
            sp.GetRequiredService<ILogger<ExitMonitor>>()));
        services.AddSingleton<ContainerEvents>();
        services.AddSingleton(sp => new PodEvents(
            sp.GetRequiredService<ICrispConfigSource>(),
            sp.GetRequiredService<ContainerEvents>(),
            sp.GetRequiredService<SandboxStore>(),
            sp.GetRequiredService<ContainerStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<PodEvents>>()));
        services.AddSingleton<IInfraContainers>(sp => new InfraContainers(
            sp.GetRequiredService<ICrispConfigSource>(),
            sp.GetRequiredService<IOciRuntimes>(),
            sp.GetRequiredService<ImageCatalog>(),
            sp.GetRequiredService<ImagePuller>(),
            sp.GetRequiredService<ContainerFileSystems>(),
            sp.GetRequiredService<SandboxPaths>(),
            sp.GetRequiredService<SpecHostFacts>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => new SandboxManager(
            sp.GetRequiredService<ICrispConfigSource>(),
            sp.GetRequiredService<SandboxStore>(),
            sp.GetRequiredService<NameRegistry>(),
            sp.GetRequiredService<SandboxPaths>(),
            sp.GetRequiredService<IPodNamespaces>(),
            sp.GetRequiredService<IPodNetwork>(),
            sp.GetRequiredService<IPodShm>(),
            sp.GetRequiredService<IInfraContainers>(),
            sp.GetServices<ISandboxContainers>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<PodEvents>(),
            sp.GetRequiredService<ILogger<SandboxManager>>()));
        services.AddSingleton(sp => new ContainerManager(
            sp.GetRequiredService<ICrispConfigSource>(),
            sp.GetRequiredService<ContainerStore>(),
            sp.GetRequiredService<SandboxStore>(),
            sp.GetRequiredService<IOciRuntimes>(),
            sp.GetRequiredService<ImageCatalog>(),
            sp.GetRequiredService<ContainerFileSystems>(),
            sp.GetRequiredService<SandboxPaths>(),
            sp.GetRequiredService<SpecHostFacts>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<PodEvents>(),
            sp.GetRequiredService<ILoggerFactory>())
        { Metrics = sp.GetRequiredService<Crisp.Core.Metrics.CrispMetrics>() });
        services.AddSingleton<ISandboxContainers>(sp => sp.GetRequiredService<ContainerManager>());
        services.AddSingleton<IImageUsage, ImageUsage>();
        services.AddSingleton<ICgroupStatsReader>(sp => sp.GetRequiredService<SpecHostFacts>().CgroupV2 ? new CgroupV2StatsReader() : new CgroupV1StatsReader());
        services.AddSingleton<INetworkStatsReader, NamespaceNetworkStatsReader>();
        services.AddSingleton(sp => new StatsCollector(
            sp.GetRequiredService<ICrispConfigSource>(),
            sp.GetRequiredService<SandboxManager>(),
            sp.GetRequiredService<ContainerManager>(),
            sp.GetRequiredService<ContainerFileSystems>(),
            sp.GetRequiredService<SandboxPaths>(),
            sp.GetRequiredService<ICgroupStatsReader>(),
            sp.GetRequiredService<INetworkStatsReader>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<StatsCollector>>()));
    }

    /// <summary>
    /// Restores the pods at start (a broken sandbox state directory stops the daemon), then watches the exits
    /// directory so an infra container that exits makes its pod not ready.
    /// </summary>
    public static void Open(IServiceProvider services)
    {
        var config = services.GetRequiredService<ICrispConfigSource>().Current;
        var manager = services.GetRequiredService<SandboxManager>();
        var containers = services.GetRequiredService<ContainerManager>();
        try
        {
            manager.RestoreAsync(CancellationToken.None).GetAwaiter().GetResult();
            containers.RestoreAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DaemonStartupException($"cannot restore the pods and containers under {config.Root.Root}: {e.Message}", e);
        }

        services.GetRequiredService<StatsCollector>().Start();
        var monitor = services.GetRequiredService<ExitMonitor>();
        monitor.ContainerExited += (_, e) =>
        {
            _ = manager.OnContainerExitedAsync(e.Exit.Id);
            _ = containers.OnContainerExitedAsync(e.Exit.Id);
        };
        try
        {
            monitor.Start();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DaemonStartupException($"cannot watch the container exits directory {config.Runtime.ContainerExitsDir}: {e.Message}", e);
        }
    }
}
