using System.Collections.Concurrent;
using System.Net;
using Crisp.Config;
using Crisp.Core;
using Crisp.Core.Events;
using Crisp.Core.Sandboxes;
using Crisp.Core.State;
using Crisp.Network;
using Crisp.Network.Namespaces;
using Microsoft.Extensions.Logging.Abstractions;
using Runtime.V1;

namespace Crisp.Unit.Tests.Core;

/// <summary>
/// A <see cref="SandboxManager"/> over fakes of every OS seam (namespaces, CNI, /dev/shm, infra containers) that
/// record their calls in order, and real files in a temp root and runroot.
/// </summary>
internal sealed class SandboxManagerHost : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("crisp-unit-");

    public SandboxManagerHost(CrispConfig? config = null)
    {
        Config = new ConfigSource(config ?? CrispDefaults.Create(systemd: false));
        Paths = new SandboxPaths(Path.Combine(_dir.FullName, "root"), Path.Combine(_dir.FullName, "run"));
        Store = new SandboxStore(Paths.Root);
        Namespaces = new FakeNamespaces(this, Path.Combine(_dir.FullName, "ns"));
        Network = new FakeNetwork(this);
        Shm = new FakeShm(this);
        Infra = new FakeInfra(this);
        Containers = new FakeContainers(this);
        Manager = NewManager();
    }

    public ConfigSource Config { get; }

    public SandboxPaths Paths { get; }

    public SandboxStore Store { get; private set; }

    public NameRegistry Names { get; private set; } = new();

    public FakeNamespaces Namespaces { get; }

    public FakeNetwork Network { get; }

    public FakeShm Shm { get; }

    public FakeInfra Infra { get; }

    public FakeContainers Containers { get; }

    public SandboxManager Manager { get; private set; }

    public ConcurrentQueue<string> Calls { get; } = new();

    public string[] TakeCalls()
    {
        var calls = Calls.ToArray();
        Calls.Clear();
        return calls;
    }

    /// <summary>A new manager on the same disk state, as after a daemon restart.</summary>
    public SandboxManager Restart()
    {
        Names = new NameRegistry();
        Store = new SandboxStore(Paths.Root);
        Manager = NewManager();
        return Manager;
    }

    /// <summary>The events the managers publish (pod events are on; subscribe to see them).</summary>
    public ContainerEvents Events { get; } = new();

    public PodEvents PodEvents => new(
        new ConfigSource(Config.Current with { Runtime = Config.Current.Runtime with { EnablePodEvents = true } }),
        Events, Store, new ContainerStore(Paths.Root), TimeProvider.System, NullLogger<PodEvents>.Instance);

    private SandboxManager NewManager() => new(
        Config, Store, Names, Paths, Namespaces, Network, Shm, Infra, [Containers], TimeProvider.System, PodEvents,
        NullLogger<SandboxManager>.Instance);

    public void Dispose() => _dir.Delete(recursive: true);

    public sealed class ConfigSource(CrispConfig config) : ICrispConfigSource
    {
        public CrispConfig Current { get; set; } = config;
    }

    public sealed class FakeNamespaces(SandboxManagerHost host, string dir) : IPodNamespaces
    {
        public HashSet<string> Pinned { get; } = [];

        public Exception? PinFailure { get; set; }

        public NamespacePinRequest? LastRequest { get; private set; }

        public Task<PinnedNamespaces> PinAsync(NamespacePinRequest request, CancellationToken cancellationToken)
        {
            host.Calls.Enqueue($"pin {request.Kinds}");
            LastRequest = request;
            if (PinFailure is { } failure)
            {
                throw failure;
            }

            string? Path(PodNamespaceKinds kind, string name) => (request.Kinds & kind) != 0 ? System.IO.Path.Combine(dir, name, request.Name) : null;
            var pins = new PinnedNamespaces(request.Name, Path(PodNamespaceKinds.Network, "netns"), Path(PodNamespaceKinds.Ipc, "ipcns"), Path(PodNamespaceKinds.Uts, "utsns"));
            lock (Pinned)
            {
                Pinned.UnionWith(pins.Paths);
            }

            return Task.FromResult(pins);
        }

        public void Remove(string name)
        {
            host.Calls.Enqueue("unpin");
            lock (Pinned)
            {
                Pinned.RemoveWhere(p => p.EndsWith("/" + name, StringComparison.Ordinal));
            }
        }

        public bool IsPinned(string path)
        {
            lock (Pinned)
            {
                return Pinned.Contains(path);
            }
        }

        public void RemovePin(string path) => host.Calls.Enqueue("remove stale pin");
    }

    public sealed class FakeNetwork(SandboxManagerHost host) : IPodNetwork
    {
        public Exception? SetUpFailure { get; set; }

        public Exception? TearDownFailure { get; set; }

        public List<PodNetworkRequest> SetUps { get; } = [];

        public Task<NetworkReadiness> GetReadinessAsync(CancellationToken cancellationToken) =>
            Task.FromResult(new NetworkReadiness(true, "fake", null, null));

        public Task<PodNetworkStatus> SetUpAsync(PodNetworkRequest request, CancellationToken cancellationToken)
        {
            host.Calls.Enqueue("cni add");
            SetUps.Add(request);
            if (SetUpFailure is { } failure)
            {
                throw failure;
            }

            return Task.FromResult(new PodNetworkStatus(
                "fake", "eth0", "1.0.0", [new PodInterface("eth0", null, request.NetnsPath)],
                [new PodIpConfig(IPAddress.Parse("10.0.0.5"), 24, null, 0), new PodIpConfig(IPAddress.Parse("fd00::5"), 64, null, 0)],
                [], PodDns.Empty, "{}"));
        }

        public Task TearDownAsync(PodNetworkRequest request, CancellationToken cancellationToken)
        {
            host.Calls.Enqueue("cni del");
            return TearDownFailure is { } failure ? Task.FromException(failure) : Task.CompletedTask;
        }

        public Task<PodNetworkStatus?> StatusAsync(PodNetworkRequest request, CancellationToken cancellationToken) =>
            Task.FromResult<PodNetworkStatus?>(null);

        public Task CheckAsync(PodNetworkRequest request, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    public sealed class FakeShm(SandboxManagerHost host) : IPodShm
    {
        public void Mount(string path)
        {
            host.Calls.Enqueue("mount shm");
            Directory.CreateDirectory(path);
        }

        public bool Unmount(string path)
        {
            host.Calls.Enqueue("unmount shm");
            return true;
        }
    }

    public sealed class FakeInfra(SandboxManagerHost host) : IInfraContainers
    {
        public Exception? StartFailure { get; set; }

        public bool Running { get; set; } = true;

        public Task<InfraContainer> StartAsync(Sandbox sandbox, PodSandboxConfig config, CancellationToken cancellationToken)
        {
            host.Calls.Enqueue("start infra");
            return StartFailure is { } failure
                ? Task.FromException<InfraContainer>(failure)
                : Task.FromResult(new InfraContainer(sandbox.Id, 4242, "pauseid", "registry.k8s.io/pause:3.10", "/logs/infra.log"));
        }

        public Task StopAsync(Sandbox sandbox, CancellationToken cancellationToken)
        {
            host.Calls.Enqueue("stop infra");
            return Task.CompletedTask;
        }

        public Task RemoveAsync(Sandbox sandbox, CancellationToken cancellationToken)
        {
            host.Calls.Enqueue("remove infra");
            return Task.CompletedTask;
        }

        public Task<bool> IsRunningAsync(Sandbox sandbox, CancellationToken cancellationToken) => Task.FromResult(Running);
    }

    public sealed class FakeContainers(SandboxManagerHost host) : ISandboxContainers
    {
        public Task StopAllAsync(Sandbox sandbox, CancellationToken cancellationToken)
        {
            host.Calls.Enqueue("stop containers");
            return Task.CompletedTask;
        }

        public Task RemoveAllAsync(Sandbox sandbox, CancellationToken cancellationToken)
        {
            host.Calls.Enqueue("remove containers");
            return Task.CompletedTask;
        }
    }
}
