using Crisp.Config;
using Crisp.Core.Events;
using Crisp.Core.State;
using Crisp.Network;
using Microsoft.Extensions.Logging;

namespace Crisp.Core.Sandboxes;

/// <summary>
/// Pod sandboxes as CRI-O runs them: RunPodSandbox (<see cref="RunAsync"/>), StopPodSandbox (<see cref="StopAsync"/>),
/// RemovePodSandbox (<see cref="RemoveAsync"/>), status and list, and <see cref="RestoreAsync"/> at daemon start.
/// Operations on one sandbox run one at a time; stop and remove are idempotent and an unknown id is not an error
/// for them (the kubelet retries).
/// </summary>
public sealed partial class SandboxManager
{
    private readonly ICrispConfigSource _config;
    private readonly SandboxStore _store;
    private readonly NameRegistry _names;
    private readonly SandboxPaths _paths;
    private readonly IPodNamespaces _namespaces;
    private readonly IPodNetwork _network;
    private readonly IPodShm _shm;
    private readonly IInfraContainers _infra;
    private readonly IReadOnlyList<ISandboxContainers> _containers;
    private readonly TimeProvider _time;
    private readonly PodEvents _events;
    private readonly ILogger _logger;
    private readonly KeyedLock _locks = new();

    public SandboxManager(
        ICrispConfigSource config,
        SandboxStore store,
        NameRegistry names,
        SandboxPaths paths,
        IPodNamespaces namespaces,
        IPodNetwork network,
        IPodShm shm,
        IInfraContainers infra,
        IEnumerable<ISandboxContainers> containers,
        TimeProvider time,
        PodEvents events,
        ILogger<SandboxManager> logger)
    {
        _config = config;
        _store = store;
        _names = names;
        _paths = paths;
        _namespaces = namespaces;
        _network = network;
        _shm = shm;
        _infra = infra;
        _containers = [.. containers];
        _time = time;
        _events = events;
        _logger = logger;
    }

    /// <summary>
    /// The sandbox with this id or unique id prefix. Throws <see cref="SandboxException"/>: NotFound when there is
    /// none (or it is still being created), Ambiguous when a prefix matches several.
    /// </summary>
    public Sandbox Get(string idOrPrefix) =>
        Find(idOrPrefix) ?? throw SandboxException.NotFound($"could not find pod sandbox \"{idOrPrefix}\"");

    /// <summary>Created sandboxes (not those still being created) matching <paramref name="filter"/>, oldest first.</summary>
    public IReadOnlyList<Sandbox> List(SandboxFilter? filter = null)
    {
        var visible = Visible();
        return filter is null ? visible : filter.Apply(visible);
    }

    /// <summary>Whether a pod's infra container runs from the image (RemoveImage refuses to remove it then).</summary>
    public bool IsImageInUse(string imageId) =>
        _store.List().Any(s => s.InfraContainerId is not null && s.InfraImageId == imageId);

    /// <summary>
    /// An exit reported by the exit monitor: when it is a pod's infra container, the pod is no longer ready
    /// (the kubelet then stops it and starts a new one).
    /// </summary>
    public Task OnContainerExitedAsync(string containerId)
    {
        if (_store.Get(containerId) is not { State: SandboxState.Ready, InfraContainerId: not null })
        {
            return Task.CompletedTask;
        }

        return MarkInfraExitedAsync(containerId);
    }

    private async Task MarkInfraExitedAsync(string id)
    {
        using var held = await _locks.AcquireAsync(id).ConfigureAwait(false);
        if (_store.Get(id) is { State: SandboxState.Ready, InfraContainerId: not null } sandbox)
        {
            SandboxLog.NotReady(_logger, sandbox.Name, id, "the infra container exited");
            var notReady = sandbox with { State = SandboxState.NotReady, InfraPid = 0 };
            try
            {
                _store.Save(notReady);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                SandboxLog.SaveFailed(_logger, id, e);
            }

            _events.SandboxChanged(notReady, global::Runtime.V1.ContainerEventType.ContainerStoppedEvent);
        }
    }

    private IReadOnlyList<Sandbox> Visible() => [.. _store.List().Where(s => s.State != SandboxState.Creating)];

    private Sandbox? Find(string idOrPrefix) => _store.Lookup(idOrPrefix);

    private long NowNanoseconds() => (_time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;

    /// <summary>The CNI attachment of a pod (CNI_ARGS, port mappings, cgroup path, annotations).</summary>
    private PodNetworkRequest NetworkRequest(Sandbox sandbox)
    {
        var ports = _config.Current.Runtime.DisableHostportMapping
            ? []
            : sandbox.PortMappings.Where(p => p.HostPort > 0).Select(p => new PortMapping(p.HostPort, p.ContainerPort, p.Protocol, p.HostIp)).ToList();
        return new PodNetworkRequest(sandbox.Id, sandbox.Metadata.Name, sandbox.Metadata.Namespace, sandbox.Metadata.Uid, sandbox.NetworkNamespacePath ?? "")
        {
            PortMappings = ports,
            CgroupPath = sandbox.CgroupParent.Length > 0 ? sandbox.CgroupParent : null,
            Annotations = sandbox.Annotations,
        };
    }

    /// <summary>Whether the pod's /dev/shm is a tmpfs crisp mounted (not the host's, for a host-IPC pod).</summary>
    private bool OwnsShm(Sandbox sandbox) => sandbox.ShmPath is { } shm && shm == _paths.Shm(sandbox.Id);
}
