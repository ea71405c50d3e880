using Crisp.Config;
using Crisp.Core.Events;
using Crisp.Core.Runtime;
using Crisp.Core.Sandboxes;
using Crisp.Core.State;
using Crisp.Images.Local;
using Crisp.Network;
using Crisp.Oci.Runtime;
using Crisp.Oci.Spec;
using Microsoft.Extensions.Logging;

namespace Crisp.Core.Containers;

/// <summary>
/// Containers as CRI-O runs them: CreateContainer (<see cref="CreateAsync"/>), StartContainer, StopContainer,
/// RemoveContainer, status and list, ExecSync, UpdateContainerResources and ReopenContainerLog, exits reported by
/// conmon, and <see cref="RestoreAsync"/> at daemon start. Operations on one container run one at a time; creates in a
/// pod and the pod's stop/remove exclude each other. Stop and remove are idempotent and an unknown id is not an error
/// for them (the kubelet retries). Also the container side of StopPodSandbox and RemovePodSandbox.
/// </summary>
public sealed partial class ContainerManager : ISandboxContainers
{
    private readonly ICrispConfigSource _config;
    private readonly ContainerStore _store;
    private readonly SandboxStore _sandboxes;
    private readonly IOciRuntimes _runtimes;
    private readonly ImageCatalog _catalog;
    private readonly ContainerFileSystems _fileSystems;
    private readonly SandboxPaths _paths;
    private readonly SpecHostFacts _host;
    private readonly TimeProvider _time;
    private readonly PodEvents _events;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly NameRegistry _names = new();
    private readonly KeyedLock _locks = new();
    private readonly KeyedLock _podLocks = new();

    public ContainerManager(
        ICrispConfigSource config,
        ContainerStore store,
        SandboxStore sandboxes,
        IOciRuntimes runtimes,
        ImageCatalog catalog,
        ContainerFileSystems fileSystems,
        SandboxPaths paths,
        SpecHostFacts host,
        TimeProvider time,
        PodEvents events,
        ILoggerFactory loggers)
    {
        _config = config;
        _store = store;
        _sandboxes = sandboxes;
        _runtimes = runtimes;
        _catalog = catalog;
        _fileSystems = fileSystems;
        _paths = paths;
        _host = host;
        _time = time;
        _events = events;
        _loggers = loggers;
        _logger = loggers.CreateLogger<ContainerManager>();
    }

    /// <summary>Where OOM kills are counted (the metrics endpoint); none when null.</summary>
    public Metrics.IContainerMetrics? Metrics { get; init; }

    /// <summary>
    /// The container with this id or unique id prefix. Throws <see cref="ContainerException"/>: NotFound when there
    /// is none (or it is still being created), InvalidArgument for an empty id or a prefix that matches several.
    /// </summary>
    public Container Get(string idOrPrefix) =>
        Find(idOrPrefix) ?? throw ContainerException.NotFound($"could not find container \"{idOrPrefix}\"");

    /// <summary>Created containers (not those still being created) matching <paramref name="filter"/>, oldest first.</summary>
    public IReadOnlyList<Container> List(ContainerFilter? filter = null)
    {
        var visible = Visible();
        return filter is null ? visible : filter.Apply(visible);
    }

    /// <summary>Whether a container (in any state) was created from the image (RemoveImage refuses to remove it then).</summary>
    public bool IsImageInUse(string imageId) => _store.List().Any(c => c.ImageId == imageId);

    /// <summary>The OCI runtime spec the container was created with (its bundle's config.json), or null when it is gone.</summary>
    public string? ReadRuntimeSpec(Container container)
    {
        try
        {
            return File.ReadAllText(Path.Combine(container.BundleDirectory, "config.json"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public async Task StopAllAsync(Sandbox sandbox, CancellationToken cancellationToken)
    {
        using var pod = await _podLocks.AcquireAsync(sandbox.Id, cancellationToken).ConfigureAwait(false);
        var live = _store.List().Where(c => c.SandboxId == sandbox.Id && c.IsLive).ToList();
        await Task.WhenAll(live.Select(c => StopOneAsync(c.Id, TimeSpan.Zero, cancellationToken))).ConfigureAwait(false);
    }

    public async Task RemoveAllAsync(Sandbox sandbox, CancellationToken cancellationToken)
    {
        using var pod = await _podLocks.AcquireAsync(sandbox.Id, cancellationToken).ConfigureAwait(false);
        foreach (var container in _store.List().Where(c => c.SandboxId == sandbox.Id).ToList())
        {
            await RemoveOneAsync(container.Id, cancellationToken).ConfigureAwait(false);
        }
    }

    private IReadOnlyList<Container> Visible() => [.. _store.List().Where(c => c.State != ContainerState.Creating)];

    private Container? Find(string idOrPrefix)
    {
        if (string.IsNullOrEmpty(idOrPrefix))
        {
            throw ContainerException.Invalid("ContainerId should not be empty");
        }

        if (_store.Get(idOrPrefix) is { } exact)
        {
            return exact.State == ContainerState.Creating ? null : exact;
        }

        var matches = _store.FindByPrefix(idOrPrefix).Where(c => c.State != ContainerState.Creating).ToList();
        return matches.Count switch
        {
            0 => null,
            1 => matches[0],
            _ => throw ContainerException.Invalid($"container id prefix \"{idOrPrefix}\" matches {matches.Count} containers"),
        };
    }

    private IOciRuntime RuntimeFor(Container container) => RuntimeFor(container.OciHandler, container.Name);

    private IOciRuntime RuntimeFor(string handler, string name)
    {
        try
        {
            return _runtimes.For(handler);
        }
        catch (ConfigException e)
        {
            throw ContainerException.Failed($"runtime handler \"{handler}\" of {name} is unusable: {e.Message}", e);
        }
    }

    private long NowNanoseconds() => (_time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;

    /// <summary>Saves a change; a failed write is logged, not thrown (the process it records has already changed).</summary>
    private void TrySave(Container container)
    {
        try
        {
            _store.Save(container);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ContainerLog.SaveFailed(_logger, container.Id, e);
        }
    }
}
