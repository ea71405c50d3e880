using Crisp.Config;
using Crisp.Core.State;
using Crisp.Linux;
using Crisp.Network.Namespaces;
using Runtime.V1;

namespace Crisp.Core.Sandboxes;

public sealed partial class SandboxManager
{
    /// <summary>
    /// RunPodSandbox: checks the request, reserves the name, pins the namespaces, writes the pod's files, mounts its
    /// /dev/shm, attaches it to the CNI network, starts the infra container when one is needed, and persists the
    /// sandbox. Returns its id. A retry of a finished create with the same name returns the existing id. Once started
    /// the create runs to the end even if the caller goes away; if a step fails the previous ones are undone in
    /// reverse order and the name is released.
    /// </summary>
    /// <exception cref="SandboxException">The request is invalid or a step failed; the message says which.</exception>
    /// <exception cref="NameReservedException">A create with the same name is still in flight.</exception>
    public async Task<string> RunAsync(PodSandboxConfig? config, string? runtimeHandler)
    {
        var settings = _config.Current;
        var id = SandboxIds.New();
        var sandbox = SandboxPlanner.Plan(config, runtimeHandler, settings, id, NowNanoseconds(), _paths);
        var reservation = _names.Reserve(sandbox.Name, id);
        if (!reservation.Reserved)
        {
            SandboxLog.ReturnedExisting(_logger, sandbox.Name, reservation.Id);
            return reservation.Id;
        }

        using var held = await _locks.AcquireAsync(id).ConfigureAwait(false);
        var undo = new SandboxRollback(_logger, id);
        try
        {
            sandbox = await CreateAsync(sandbox, config!, settings, undo).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            var failure = e as SandboxException
                ?? SandboxException.Failed($"failed to create pod sandbox {sandbox.Name}({id}): {e.Message}", e);
            SandboxLog.CreateFailed(_logger, sandbox.Name, id, failure.Message);
            await undo.RunAsync().ConfigureAwait(false);
            _names.Release(sandbox.Name, id);
            throw failure;
        }

        _names.Complete(sandbox.Name, id);
        SandboxLog.Created(_logger, sandbox.Name, id, string.Join(", ", sandbox.PodIps), sandbox.InfraContainerId is null ? "none (dropped)" : $"pid {sandbox.InfraPid}");
        _events.SandboxChanged(sandbox, ContainerEventType.ContainerCreatedEvent);
        _events.SandboxChanged(sandbox, ContainerEventType.ContainerStartedEvent);
        return id;
    }

    private async Task<Sandbox> CreateAsync(Sandbox sandbox, PodSandboxConfig config, CrispConfig settings, SandboxRollback undo)
    {
        var id = sandbox.Id;
        var none = CancellationToken.None;

        // Persisted as "creating" first: a daemon that dies from here on cleans the leftovers up at its next start.
        undo.Add("remove the pod's directories and state", () =>
        {
            FileTree.Remove(sandbox.UserdataDirectory);
            _store.Remove(id);
        });
        Directory.CreateDirectory(sandbox.UserdataDirectory);
        _store.Save(sandbox);

        var pins = await PinNamespacesAsync(sandbox, config).ConfigureAwait(false);
        undo.Add("unpin the pod's namespaces", () => _namespaces.Remove(id));
        sandbox = sandbox with { NetworkNamespacePath = pins.NetworkPath, IpcNamespacePath = pins.IpcPath, UtsNamespacePath = pins.UtsPath };
        _store.Save(sandbox);

        sandbox = WriteHostnameAndResolvConf(sandbox);
        if (sandbox.HostIpc)
        {
            sandbox = sandbox with { ShmPath = "/dev/shm" };
        }
        else
        {
            var shm = _paths.Shm(id);
            MountShm(sandbox, shm);
            undo.Add("unmount the pod's /dev/shm", () => _shm.Unmount(shm));
            sandbox = sandbox with { ShmPath = shm };
        }

        if (!sandbox.HostNetwork)
        {
            var request = NetworkRequest(sandbox);
            var status = await SetUpNetworkAsync(sandbox, request).ConfigureAwait(false);
            undo.Add("detach the pod from the CNI network", () => _network.TearDownAsync(request, none));
            sandbox = sandbox with { PodIps = [.. status.PodIps.Select(ip => ip.ToString())] };
        }

        sandbox = WriteHosts(sandbox);
        if (SandboxPlanner.NeedsInfra(sandbox, settings))
        {
            sandbox = sandbox with { InfraContainerId = id };
            _store.Save(sandbox);
            undo.Add("remove the infra container", () => _infra.RemoveAsync(sandbox, none));
            var infra = await _infra.StartAsync(sandbox, config, none).ConfigureAwait(false);
            sandbox = sandbox with
            {
                InfraPid = infra.Pid,
                InfraImageId = infra.ImageId,
                InfraImageName = infra.ImageName,
                InfraLogPath = infra.LogPath,
            };
        }

        sandbox = sandbox with { State = SandboxState.Ready };
        _store.Save(sandbox);
        return sandbox;
    }

    /// <summary>UTS always (as CRI-O), network unless the pod uses the host's, IPC unless the pod uses the host's.</summary>
    private async Task<PinnedNamespaces> PinNamespacesAsync(Sandbox sandbox, PodSandboxConfig config)
    {
        var kinds = PodNamespaceKinds.Uts
            | (sandbox.HostNetwork ? PodNamespaceKinds.None : PodNamespaceKinds.Network)
            | (sandbox.HostIpc ? PodNamespaceKinds.None : PodNamespaceKinds.Ipc);
        var request = new NamespacePinRequest(sandbox.Id, kinds)
        {
            Hostname = sandbox.Hostname,
            Sysctls = [.. (config.Linux?.Sysctls ?? []).OrderBy(s => s.Key, StringComparer.Ordinal)],
        };
        try
        {
            return await _namespaces.PinAsync(request, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            throw SandboxException.Invalid($"pod sandbox {sandbox.Name}: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw SandboxException.Failed($"failed to create the namespaces of pod sandbox {sandbox.Name}({sandbox.Id}): {e.Message}", e);
        }
    }

    private Sandbox WriteHostnameAndResolvConf(Sandbox sandbox)
    {
        var hostname = _paths.HostnameFile(sandbox.Id);
        var resolv = _paths.ResolvConf(sandbox.Id);
        PodFiles.Write(hostname, PodFiles.Hostname(sandbox.Hostname));
        if (PodFiles.ResolvConf(sandbox.Dns) is { } text)
        {
            PodFiles.Write(resolv, text);
        }
        else
        {
            PodFiles.CopyFromHost("/etc/resolv.conf", resolv);
        }

        return sandbox with { HostnamePath = hostname, ResolvConfPath = resolv };
    }

    /// <summary>The pod's hosts file: the host's for a host-network pod, else localhost plus the pod's addresses.</summary>
    private Sandbox WriteHosts(Sandbox sandbox)
    {
        var hosts = _paths.HostsFile(sandbox.Id);
        if (sandbox.HostNetwork)
        {
            PodFiles.CopyFromHost("/etc/hosts", hosts);
        }
        else
        {
            PodFiles.Write(hosts, PodFiles.Hosts(sandbox.Hostname, sandbox.PodIps));
        }

        return sandbox with { HostsPath = hosts };
    }

    private void MountShm(Sandbox sandbox, string path)
    {
        try
        {
            _shm.Mount(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw SandboxException.Failed($"failed to mount /dev/shm for pod sandbox {sandbox.Name}({sandbox.Id}) at {path}: {e.Message}", e);
        }
    }

    private async Task<Crisp.Network.PodNetworkStatus> SetUpNetworkAsync(Sandbox sandbox, Crisp.Network.PodNetworkRequest request)
    {
        try
        {
            return await _network.SetUpAsync(request, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not SandboxException)
        {
            throw SandboxException.Failed($"failed to create pod network sandbox {sandbox.Name}({sandbox.Id}): {e.Message}", e);
        }
    }
}
