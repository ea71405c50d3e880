using System.Collections.Concurrent;
using System.Text;
using Crisp.Config;
using Crisp.Core.Containers;
using Crisp.Core.Events;
using Crisp.Core.Runtime;
using Crisp.Core.Sandboxes;
using Crisp.Core.State;
using Crisp.Images.Local;
using Crisp.Oci.Runtime;
using Crisp.Oci.Spec;
using Crisp.Storage;
using Crisp.Storage.Images;
using Microsoft.Extensions.Logging.Abstractions;

namespace Crisp.Unit.Tests.Core;

/// <summary>
/// A <see cref="ContainerManager"/> over a fake OCI runtime that records its calls in order, a fixed clock, and real
/// stores (containers, sandboxes, layers, images) in a temp root and runroot. Containers are seeded as state files
/// and brought in by <see cref="RestartAsync"/>, as a daemon start would: mounting root file systems needs root.
/// </summary>
internal sealed class ContainerManagerHost : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 5, 12, 0, 0, TimeSpan.Zero);

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("crisp-unit-");

    public ContainerManagerHost()
    {
        Config = new SandboxManagerHost.ConfigSource(CrispDefaults.Create(systemd: false));
        Paths = new SandboxPaths(Path.Combine(_dir.FullName, "root"), Path.Combine(_dir.FullName, "run"));
        Sandboxes = new SandboxStore(Paths.Root);
        Sandbox = SandboxStoreTests.Sample() with { LogDirectory = Path.Combine(_dir.FullName, "logs"), Config = [] };
        Sandboxes.Save(Sandbox);
        Layers = LayerStore.Open(Paths.Root, new LayerStoreOptions { SyncBeforeCommit = false });
        Images = ImageStore.Open(Paths.Root);
        Catalog = new ImageCatalog(Images, Layers, () => null);
        Runtime = new FakeRuntime(this);
        Runtimes = new FakeRuntimes(this);
        Store = new ContainerStore(Paths.Root);
        Manager = NewManager();
    }

    public SandboxManagerHost.ConfigSource Config { get; }

    public SandboxPaths Paths { get; }

    public SandboxStore Sandboxes { get; }

    /// <summary>A ready pod the seeded containers belong to.</summary>
    public Sandbox Sandbox { get; }

    public LayerStore Layers { get; }

    public ImageStore Images { get; }

    public ImageCatalog Catalog { get; }

    public FakeRuntime Runtime { get; }

    public FakeRuntimes Runtimes { get; }

    public FixedTime Time { get; } = new(Now);

    public ContainerStore Store { get; private set; }

    public ContainerManager Manager { get; private set; }

    public ConcurrentQueue<string> Calls { get; } = new();

    public string[] TakeCalls()
    {
        var calls = Calls.ToArray();
        Calls.Clear();
        return calls;
    }

    /// <summary>Nanoseconds since the Unix epoch, as containers record times.</summary>
    public static long Nanoseconds(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).Ticks * 100;

    /// <summary>A container of <see cref="Sandbox"/> in <paramref name="state"/>, written to the state directory (not yet known to the manager).</summary>
    public Container Seed(ContainerState state, string? id = null, string name = "app", uint attempt = 0, string? sandboxId = null, long createdAt = 0)
    {
        id ??= SandboxIds.New();
        var container = new Container
        {
            Id = id,
            Name = ContainerNames.For(name, attempt, Sandbox.Metadata),
            SandboxId = sandboxId ?? Sandbox.Id,
            MetadataName = name,
            Attempt = attempt,
            Image = "busybox",
            ImageId = new string('b', 64),
            ImageName = "docker.io/library/busybox:latest",
            ImageRef = new string('b', 64),
            State = state,
            CreatedAt = createdAt > 0 ? createdAt : Nanoseconds(Now.AddMinutes(-10)),
            StartedAt = state is ContainerState.Running or ContainerState.Exited ? Nanoseconds(Now.AddMinutes(-9)) : 0,
            FinishedAt = state == ContainerState.Exited ? Nanoseconds(Now.AddMinutes(-8)) : 0,
            ExitCode = state == ContainerState.Exited ? 2 : 0,
            Reason = state == ContainerState.Exited ? "Error" : "",
            Pid = state is ContainerState.Created or ContainerState.Running ? 4242 : 0,
            LogPath = Path.Combine(Sandbox.LogDirectory, name, "0.log"),
            OciHandler = "runc",
            StopSignal = 3,
            BundleDirectory = Paths.ContainerBundle(id),
            RootfsPath = Path.Combine(Paths.ContainerStorage(id), "merged"),
        };
        new ContainerStore(Paths.Root).Save(container);
        return container;
    }

    /// <summary>Creates the container's storage and bundle directories, as a create leaves them.</summary>
    public void CreateFiles(Container container)
    {
        Directory.CreateDirectory(container.RootfsPath);
        Directory.CreateDirectory(container.BundleDirectory);
        File.WriteAllText(Path.Combine(container.BundleDirectory, "config.json"), "{\"ociVersion\":\"1.0.2\"}");
    }

    /// <summary>A new manager on the same disk state, as after a daemon restart, restored.</summary>
    public async Task<ContainerRestoreReport> RestartAsync()
    {
        Store = new ContainerStore(Paths.Root);
        Manager = NewManager();
        var report = await Manager.RestoreAsync(CancellationToken.None);
        return report;
    }

    /// <summary>The container as a fresh load of the state directory has it (null when its state is gone).</summary>
    public Container? OnDisk(string id) => new ContainerStore(Paths.Root).Load().Records.SingleOrDefault(c => c.Id == id);

    /// <summary>An image with no layers (its root file system cannot be mounted), stored under <paramref name="tag"/>.</summary>
    public StoredImage AddImage(string tag = "docker.io/library/busybox:latest", string? id = null)
    {
        var config = Encoding.UTF8.GetBytes("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"StopSignal\":\"SIGQUIT\"},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}");
        var image = new StoredImage(id ?? new string('e', 64), [tag], [], [], "sha256:" + new string('f', 64), 0, Now);
        return Images.Add(image, config, "{}"u8);
    }

    /// <summary>The events the manager publishes (pod events are on; subscribe to see them).</summary>
    public ContainerEvents Events { get; } = new();

    /// <summary>The metrics the manager reports OOM kills to.</summary>
    public Crisp.Core.Metrics.CrispMetrics Metrics { get; } = new(() => 0);

    private ContainerManager NewManager() => new(
        Config, Store, Sandboxes, Runtimes, Catalog, new ContainerFileSystems(Layers, Paths), Paths, new SpecHostFacts(), Time,
        new PodEvents(
            new SandboxManagerHost.ConfigSource(Config.Current with { Runtime = Config.Current.Runtime with { EnablePodEvents = true } }),
            Events, Sandboxes, Store, Time, NullLogger<PodEvents>.Instance),
        NullLoggerFactory.Instance)
    { Metrics = Metrics };

    public void Dispose()
    {
        Layers.Dispose();
        _dir.Delete(recursive: true);
    }

    public sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset UtcNow { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => UtcNow;
    }

    public sealed class FakeRuntimes(ContainerManagerHost host) : IOciRuntimes
    {
        public HashSet<string> Unusable { get; } = [];

        /// <summary>The handlers asked for, in order.</summary>
        public ConcurrentQueue<string> Handlers { get; } = new();

        public IOciRuntime For(string handler)
        {
            Handlers.Enqueue(handler);
            return Unusable.Contains(handler) ? throw new ConfigException($"runtime handler {handler} is not configured") : host.Runtime;
        }
    }

    /// <summary>
    /// The OCI runtime: containers it knows are in <see cref="States"/> (unknown ids are running with pid 4242; a null
    /// value means runc does not know the container), exits conmon recorded are in <see cref="Exits"/>.
    /// </summary>
    public sealed class FakeRuntime(ContainerManagerHost host) : IOciRuntime
    {
        public ConcurrentDictionary<string, OciContainerState?> States { get; } = new();

        public ConcurrentDictionary<string, ContainerExit> Exits { get; } = new();

        public Exception? StartFailure { get; set; }

        public Exception? StateFailure { get; set; }

        public Exception? StopFailure { get; set; }

        public Exception? ExecFailure { get; set; }

        /// <summary>When set, a stop makes conmon record this exit code.</summary>
        public int? ExitCodeOnStop { get; set; }

        public ExecSyncResult ExecResult { get; set; } = new("out"u8.ToArray(), [], 0);

        public List<string> LastResources { get; } = [];

        public void Exit(string id, int exitCode, bool oomKilled = false, DateTimeOffset? finishedAt = null) =>
            Exits[id] = new ContainerExit(id, exitCode, finishedAt ?? Now.AddMinutes(-1), oomKilled);

        public Task<CreatedContainer> CreateAsync(ContainerCreateOptions options, CancellationToken cancellationToken = default)
        {
            host.Calls.Enqueue($"create {options.Id}");
            return Task.FromResult(new CreatedContainer(options.Id, 5151, 5150, 1));
        }

        public Task StartAsync(string id, CancellationToken cancellationToken = default)
        {
            host.Calls.Enqueue($"start {id}");
            return StartFailure is { } failure ? Task.FromException(failure) : Task.CompletedTask;
        }

        public Task<OciContainerState?> StateAsync(string id, CancellationToken cancellationToken = default)
        {
            host.Calls.Enqueue($"state {id}");
            if (StateFailure is { } failure)
            {
                return Task.FromException<OciContainerState?>(failure);
            }

            return Task.FromResult(States.TryGetValue(id, out var state)
                ? state
                : new OciContainerState(id, OciContainerStatus.Running, 4242, host.Paths.ContainerBundle(id), Now));
        }

        public Task<IReadOnlyList<OciContainerState>> ListAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<OciContainerState>>([.. States.Values.OfType<OciContainerState>()]);

        public Task KillAsync(string id, int signal, bool all = false, CancellationToken cancellationToken = default)
        {
            host.Calls.Enqueue($"kill {id} {signal}");
            return Task.CompletedTask;
        }

        public Task StopAsync(string id, TimeSpan timeout, int stopSignal = 15, CancellationToken cancellationToken = default)
        {
            host.Calls.Enqueue($"stop {id} signal {stopSignal} timeout {timeout.TotalSeconds}");
            if (StopFailure is { } failure)
            {
                return Task.FromException(failure);
            }

            if (ExitCodeOnStop is { } code)
            {
                Exit(id, code, finishedAt: Now);
            }

            return Task.CompletedTask;
        }

        public Task DeleteAsync(string id, bool force = false, CancellationToken cancellationToken = default)
        {
            host.Calls.Enqueue(force ? $"delete {id} force" : $"delete {id}");
            States.TryRemove(id, out _);
            Exits.TryRemove(id, out _);
            return Task.CompletedTask;
        }

        public ContainerExit? ReadExit(string id) => Exits.GetValueOrDefault(id);

        public Task UpdateResourcesAsync(string id, string resourcesJson, CancellationToken cancellationToken = default)
        {
            host.Calls.Enqueue($"update {id}");
            LastResources.Add(resourcesJson);
            return Task.CompletedTask;
        }

        public Task PauseAsync(string id, CancellationToken cancellationToken = default)
        {
            host.Calls.Enqueue($"pause {id}");
            return Task.CompletedTask;
        }

        public Task ResumeAsync(string id, CancellationToken cancellationToken = default)
        {
            host.Calls.Enqueue($"resume {id}");
            return Task.CompletedTask;
        }

        public Task<IExecSession> ExecAsync(string id, IReadOnlyList<string> command, ExecStreams streams, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<IAttachSession> AttachAsync(string id, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task ReopenLogAsync(string id, string logPath, CancellationToken cancellationToken = default)
        {
            host.Calls.Enqueue($"reopen {id} {logPath}");
            return Task.CompletedTask;
        }

        public Task ResizeTerminalAsync(string id, ushort width, ushort height, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<ExecSyncResult> ExecSyncAsync(string id, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken = default)
        {
            host.Calls.Enqueue($"exec {id} {string.Join(' ', command)} timeout {timeout.TotalSeconds}");
            return ExecFailure is { } failure ? Task.FromException<ExecSyncResult>(failure) : Task.FromResult(ExecResult);
        }
    }
}
