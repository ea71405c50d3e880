using Crisp.Config;
using Crisp.Core.Sandboxes;
using Crisp.Core.State;
using Crisp.Images.Local;
using Crisp.Linux;
using Crisp.Oci.Runtime;
using Crisp.Oci.Spec;
using Crisp.Oci.Spec.Model;
using Crisp.Storage.Images;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Runtime.V1;
using OciImageConfig = Crisp.Oci.Spec.Images.ImageConfig;

namespace Crisp.Core.Containers;

public sealed partial class ContainerManager
{
    /// <summary>
    /// CreateContainer: checks the request and the pod, reserves the name, mounts the root file system over the
    /// image's layers, writes the OCI spec into the bundle and has conmon + <c>runc create</c> create the container
    /// (its process waits for StartContainer). Returns the id. Once started the create runs to the end even if the
    /// caller goes away; if a step fails everything done so far is undone and the name is released.
    /// </summary>
    /// <exception cref="ContainerException">The request is invalid, the pod or image is missing, or a step failed.</exception>
    public async Task<string> CreateAsync(string? sandboxId, ContainerConfig? config, PodSandboxConfig? sandboxConfig)
    {
        if (config?.Metadata is null || string.IsNullOrEmpty(config.Metadata.Name))
        {
            throw ContainerException.Invalid("CreateContainer: container config metadata (with a name) is required");
        }

        if (string.IsNullOrEmpty(config.Image?.Image))
        {
            throw ContainerException.Invalid($"CreateContainer: container {config.Metadata.Name} names no image");
        }

        var sandbox = FindSandbox(sandboxId ?? "");
        using var pod = await _podLocks.AcquireAsync(sandbox.Id).ConfigureAwait(false);
        sandbox = _sandboxes.Get(sandbox.Id) ?? throw ContainerException.NotFound($"could not find pod sandbox \"{sandboxId}\"");
        if (sandbox.Stopped || sandbox.State != SandboxState.Ready)
        {
            throw ContainerException.NotReady($"CreateContainer failed as the sandbox was stopped: {sandbox.Id}");
        }

        var image = FindImage(config.Image.Image);
        var id = SandboxIds.New();
        var name = ContainerNames.For(config.Metadata.Name, config.Metadata.Attempt, sandbox.Metadata);
        if (_names.HolderOf(name) is { } holder)
        {
            throw new ContainerException(
                ContainerErrorKind.AlreadyExists,
                $"the container name \"{name}\" is already in use by {holder}. You have to remove that container to be able to reuse that name");
        }

        _names.Reserve(name, id);
        using var held = await _locks.AcquireAsync(id).ConfigureAwait(false);
        var container = Plan(id, name, sandbox, config, image);
        try
        {
            container = await CreateLockedAsync(container, sandbox, config, sandboxConfig ?? sandbox.ReadConfig(), image).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            var failure = e as ContainerException
                ?? ContainerException.Failed($"failed to create container {name}({id}): {e.Message}", e);
            ContainerLog.CreateFailed(_logger, name, id, failure.Message);
            await UndoCreateAsync(container).ConfigureAwait(false);
            _names.Release(name, id);
            throw failure;
        }

        _names.Complete(name, id);
        ContainerLog.Created(_logger, name, id, container.Pid, container.ImageName);
        _events.ContainerChanged(container, ContainerEventType.ContainerCreatedEvent);
        return id;
    }

    private Sandbox FindSandbox(string idOrPrefix)
    {
        try
        {
            return _sandboxes.Lookup(idOrPrefix) ?? throw ContainerException.NotFound($"could not find pod sandbox \"{idOrPrefix}\"");
        }
        catch (SandboxException e)
        {
            throw ContainerException.Invalid(e.Message, e);
        }
    }

    /// <summary>The stored image by name, id or id prefix (also <c>sha256:</c>-prefixed ids, as the kubelet passes image refs).</summary>
    private StoredImage FindImage(string reference)
    {
        try
        {
            var image = _catalog.Find(reference);
            if (image is null && reference.StartsWith("sha256:", StringComparison.Ordinal))
            {
                image = _catalog.Find(reference["sha256:".Length..]);
            }

            return image ?? throw ContainerException.NotFound($"image \"{reference}\" is not present on this node; pull it first");
        }
        catch (AmbiguousImageException e)
        {
            throw ContainerException.Invalid(e.Message, e);
        }
    }

    private Container Plan(string id, string name, Sandbox sandbox, ContainerConfig config, StoredImage image)
    {
        var requested = config.Image.Image;
        return new Container
        {
            Id = id,
            Name = name,
            SandboxId = sandbox.Id,
            MetadataName = config.Metadata.Name,
            Attempt = config.Metadata.Attempt,
            Image = requested,
            ImageId = image.Id,
            ImageName = image.RepoTags.Contains(requested) ? requested : image.RepoTags.FirstOrDefault() ?? requested,
            ImageRef = image.RepoDigests.FirstOrDefault() ?? image.Id,
            Labels = new Dictionary<string, string>(config.Labels),
            Annotations = new Dictionary<string, string>(config.Annotations),
            CreatedAt = NowNanoseconds(),
            OciHandler = sandbox.OciHandler,
            BundleDirectory = _paths.ContainerBundle(id),
            Tty = config.Tty,
            Stdin = config.Stdin,
            StdinOnce = config.StdinOnce,
            Privileged = config.Linux?.SecurityContext?.Privileged == true,
            Config = config.ToByteArray(),
        };
    }

    private async Task<Container> CreateLockedAsync(Container container, Sandbox sandbox, ContainerConfig config, PodSandboxConfig sandboxConfig, StoredImage image)
    {
        var settings = _config.Current;
        var runtime = RuntimeFor(container);

        // Persisted as "creating" first: a daemon that dies from here on cleans the leftovers up at its next start.
        _store.Save(container);
        var logPath = LogPath(settings, sandbox, config, container.Id);
        var imageConfig = OciImageConfig.Parse(_catalog.Images.ReadConfig(image.Id));
        var rootfs = MountRootfs(settings, container.Id, image);
        container = container with { RootfsPath = rootfs, LogPath = logPath, StopSignal = StopSignals.ParseOrDefault(imageConfig.RunConfig.StopSignal) };
        _store.Save(container);

        var volumes = ImageVolumes.Prepare(settings.Image.ImageVolumes, imageConfig.RunConfig.Volumes?.Keys ?? [], config, rootfs, _paths.ContainerStorage(container.Id));
        Directory.CreateDirectory(container.BundleDirectory);
        var terminationLog = Path.Combine(container.BundleDirectory, "termination-log");
        File.WriteAllBytes(terminationLog, []);
        var spec = BuildSpec(settings, container, sandbox, volumes, sandboxConfig, imageConfig, terminationLog);
        AtomicFile.Write(Path.Combine(container.BundleDirectory, "config.json"), RuntimeSpecJson.SerializeToUtf8Bytes(spec, indented: true));
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);

        CreatedContainer created;
        try
        {
            created = await runtime.CreateAsync(
                new ContainerCreateOptions
                {
                    Id = container.Id,
                    BundleDirectory = container.BundleDirectory,
                    LogPath = logPath,
                    Name = container.Name,
                    Terminal = config.Tty,
                    Stdin = config.Stdin,
                    StdinOnce = config.StdinOnce,
                },
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (OciRuntimeException e)
        {
            throw ContainerException.Failed($"failed to create container {container.Name}({container.Id}): {e.Message}", e);
        }

        container = container with { State = ContainerState.Created, Pid = created.Pid };
        _store.Save(container);
        return container;
    }

    private string MountRootfs(CrispConfig settings, string id, StoredImage image)
    {
        try
        {
            return _fileSystems.Mount(settings, id, image);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            throw ContainerException.Failed($"failed to mount the root file system of container {id}: {e.Message}", e);
        }
    }

    private RuntimeSpec BuildSpec(
        CrispConfig settings, Container container, Sandbox sandbox, ContainerConfig config, PodSandboxConfig sandboxConfig, OciImageConfig image, string terminationLog)
    {
        var builder = new ContainerSpecBuilder(settings, _host, _time, _loggers.CreateLogger<ContainerSpecBuilder>());
        try
        {
            return builder.Build(new ContainerSpecInput
            {
                Config = config,
                SandboxConfig = sandboxConfig,
                Image = image,
                RootfsPath = container.RootfsPath,
                ContainerId = container.Id,
                ContainerName = container.Name,
                Sandbox = Facts(sandbox),
                RuntimeHandler = sandbox.RuntimeHandler,
                TargetPidNamespacePath = TargetPidNamespace(config),
                TerminationLogPath = terminationLog,
                ImageName = container.ImageName,
                ImageRef = container.ImageId,
                LogPath = container.LogPath,
                Created = DateTimeOffset.UnixEpoch.AddTicks(container.CreatedAt / 100),
            });
        }
        catch (ContainerSpecException e)
        {
            throw ContainerException.Invalid($"cannot create container {container.Name}: {e.Message}", e);
        }
    }

    private static PodSandboxFacts Facts(Sandbox sandbox) => new()
    {
        Id = sandbox.Id,
        Name = sandbox.Name,
        Hostname = sandbox.Hostname,
        NetworkNamespacePath = sandbox.NetworkNamespacePath,
        IpcNamespacePath = sandbox.IpcNamespacePath,
        UtsNamespacePath = sandbox.UtsNamespacePath,
        PidNamespacePath = sandbox.PidNamespacePath,
        CgroupParent = sandbox.CgroupParent.Length > 0 ? sandbox.CgroupParent : null,
        HostnamePath = sandbox.HostnamePath,
        ResolvConfPath = sandbox.ResolvConfPath,
        HostsPath = sandbox.HostsPath,
        ShmPath = sandbox.ShmPath,
        Privileged = sandbox.Privileged,
        HostNetwork = sandbox.HostNetwork,
    };

    /// <summary>For PID mode TARGET: the PID namespace of the running target container.</summary>
    private string? TargetPidNamespace(ContainerConfig config)
    {
        var options = config.Linux?.SecurityContext?.NamespaceOptions;
        if (options?.Pid != NamespaceMode.Target)
        {
            return null;
        }

        if (string.IsNullOrEmpty(options.TargetId))
        {
            throw ContainerException.Invalid("PID namespace mode TARGET needs a target_id");
        }

        var target = Find(options.TargetId) ?? throw ContainerException.NotFound($"could not find the target container \"{options.TargetId}\" of PID namespace mode TARGET");
        return target is { State: ContainerState.Running, Pid: > 0 }
            ? $"/proc/{target.Pid}/ns/pid"
            : throw ContainerException.NotReady($"the target container {target.Id} of PID namespace mode TARGET is not running");
    }

    /// <summary>
    /// The CRI log file, as CRI-O places it: the pod's log directory (or <c>log_dir/&lt;pod id&gt;</c>) joined with the
    /// container's <c>log_path</c> (or <c>&lt;id&gt;.log</c>). A relative log path may not leave the directory; conmon
    /// cannot take a path with ':'.
    /// </summary>
    private static string LogPath(CrispConfig settings, Sandbox sandbox, ContainerConfig config, string id)
    {
        var directory = sandbox.LogDirectory.Length > 0 && Path.IsPathRooted(sandbox.LogDirectory)
            ? Path.GetFullPath(sandbox.LogDirectory)
            : Path.Combine(settings.Root.LogDir, sandbox.Id);
        var file = string.IsNullOrEmpty(config.LogPath) ? id + ".log" : config.LogPath;
        var path = Path.GetFullPath(file, directory);
        if (!Path.IsPathRooted(file) && !path.StartsWith(directory + "/", StringComparison.Ordinal))
        {
            throw ContainerException.Invalid($"log_path \"{config.LogPath}\" leaves the pod's log directory {directory}");
        }

        return path.Contains(':', StringComparison.Ordinal)
            ? throw ContainerException.Invalid($"log path {path} contains ':', which conmon cannot take")
            : path;
    }

    /// <summary>Undoes a failed create: the runtime's container, the root file system, the bundle and the state.</summary>
    private async Task UndoCreateAsync(Container container)
    {
        await TryAsync(container.Id, "delete the runtime container", () => RuntimeFor(container).DeleteAsync(container.Id, force: true)).ConfigureAwait(false);
        await TryAsync(container.Id, "remove the root file system", () =>
        {
            _fileSystems.Remove(container.Id);
            return Task.CompletedTask;
        }).ConfigureAwait(false);
        await TryAsync(container.Id, "remove the state", () =>
        {
            _store.Remove(container.Id);
            return Task.CompletedTask;
        }).ConfigureAwait(false);
    }

    private async Task TryAsync(string id, string step, Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            ContainerLog.CleanupStepFailed(_logger, id, step, e);
        }
    }
}
