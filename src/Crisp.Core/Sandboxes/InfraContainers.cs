using Crisp.Config;
using Crisp.Core.Runtime;
using Crisp.Images.Local;
using Crisp.Images.Pull;
using Crisp.Linux;
using Crisp.Oci.Runtime;
using Crisp.Oci.Spec;
using Crisp.Oci.Spec.Model;
using Crisp.Storage;
using Crisp.Storage.Images;
using Microsoft.Extensions.Logging;
using Runtime.V1;

namespace Crisp.Core.Sandboxes;

/// <summary>
/// Infra (pause) containers as CRI-O runs them: the pause image from <c>pause_image</c> (pulled when missing), an
/// overlay root file system over its layers in <c>&lt;root&gt;/overlay-containers/&lt;id&gt;/{upper,work,merged}</c>,
/// a spec from <see cref="SandboxSpecBuilder"/> joining the pod's pinned namespaces in the bundle
/// <c>&lt;runroot&gt;/overlay-containers/&lt;id&gt;/userdata</c>, then conmon + runc create and start. The container's
/// id is the sandbox's.
/// </summary>
public sealed partial class InfraContainers(
    ICrispConfigSource config,
    IOciRuntimes runtimes,
    ImageCatalog catalog,
    ImagePuller puller,
    ContainerFileSystems fileSystems,
    SandboxPaths paths,
    SpecHostFacts host,
    TimeProvider time,
    ILoggerFactory loggers) : IInfraContainers
{
    /// <summary>How long the pause process gets to exit on SIGTERM before it is killed (CRI-O uses 10 s too).</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly ILogger _logger = loggers.CreateLogger<InfraContainers>();

    public async Task<InfraContainer> StartAsync(Sandbox sandbox, PodSandboxConfig podConfig, CancellationToken cancellationToken)
    {
        var settings = config.Current;
        var id = sandbox.Id;
        var runtime = RuntimeFor(sandbox);
        var pauseImage = settings.Image.PauseImage;
        var image = await PauseImageAsync(pauseImage, cancellationToken).ConfigureAwait(false);
        var logPath = LogPath(sandbox);
        try
        {
            var rootfs = fileSystems.Mount(settings, id, image);
            var spec = BuildSpec(settings, sandbox, podConfig, image, rootfs, logPath);
            var bundle = paths.ContainerBundle(id);
            Directory.CreateDirectory(bundle);
            AtomicFile.Write(Path.Combine(bundle, "config.json"), RuntimeSpecJson.SerializeToUtf8Bytes(spec, indented: true));
            var created = await runtime.CreateAsync(
                new ContainerCreateOptions { Id = id, BundleDirectory = bundle, LogPath = logPath, Name = sandbox.Name },
                cancellationToken).ConfigureAwait(false);
            await runtime.StartAsync(id, cancellationToken).ConfigureAwait(false);
            Log.Started(_logger, id, created.Pid, pauseImage);
            return new InfraContainer(id, created.Pid, image.Id, pauseImage, logPath);
        }
        catch (Exception e)
        {
            await CleanUpFailedStartAsync(sandbox with { InfraContainerId = id, InfraLogPath = logPath }).ConfigureAwait(false);
            throw e switch
            {
                SandboxException => e,
                ContainerSpecException => SandboxException.Invalid($"cannot run the infra container of pod sandbox {sandbox.Name}: {e.Message}", e),
                _ => SandboxException.Failed($"failed to start the infra container of pod sandbox {sandbox.Name}({id}): {e.Message}", e),
            };
        }
    }

    public async Task StopAsync(Sandbox sandbox, CancellationToken cancellationToken)
    {
        var runtime = RuntimeFor(sandbox);
        await runtime.StopAsync(sandbox.Id, StopTimeout, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public async Task RemoveAsync(Sandbox sandbox, CancellationToken cancellationToken)
    {
        var id = sandbox.Id;
        await RuntimeFor(sandbox).DeleteAsync(id, force: true, cancellationToken).ConfigureAwait(false);
        fileSystems.Remove(id);
        if (sandbox.InfraLogPath is { } log && File.Exists(log))
        {
            File.Delete(log);
        }
    }

    public async Task<bool> IsRunningAsync(Sandbox sandbox, CancellationToken cancellationToken)
    {
        var state = await RuntimeFor(sandbox).StateAsync(sandbox.Id, cancellationToken).ConfigureAwait(false);
        return state is { Status: OciContainerStatus.Running };
    }

    private IOciRuntime RuntimeFor(Sandbox sandbox)
    {
        try
        {
            return runtimes.For(sandbox.OciHandler);
        }
        catch (ConfigException e)
        {
            throw SandboxException.Failed($"runtime handler \"{sandbox.OciHandler}\" of pod sandbox {sandbox.Name}({sandbox.Id}) is unusable: {e.Message}", e);
        }
    }

    /// <summary>The pause image from the store, or pulled (anonymously) when it is not there, as CRI-O does.</summary>
    private async Task<StoredImage> PauseImageAsync(string pauseImage, CancellationToken cancellationToken)
    {
        try
        {
            if (catalog.Find(pauseImage) is { } present)
            {
                return present;
            }

            Log.PullingPauseImage(_logger, pauseImage);
            var pulled = await puller.PullAsync(pauseImage, null, cancellationToken).ConfigureAwait(false);
            return pulled.Image;
        }
        catch (Exception e) when (e is ImagePullException or AmbiguousImageException)
        {
            throw SandboxException.Failed($"failed to get the pause image \"{pauseImage}\": {e.Message}", e);
        }
    }

    private RuntimeSpec BuildSpec(CrispConfig settings, Sandbox sandbox, PodSandboxConfig podConfig, StoredImage image, string rootfs, string logPath)
    {
        var imageConfig = Crisp.Oci.Spec.Images.ImageConfig.Parse(catalog.Images.ReadConfig(image.Id));
        var builder = new SandboxSpecBuilder(settings, host, time, loggers.CreateLogger<SandboxSpecBuilder>());
        return builder.Build(new SandboxSpecInput
        {
            Config = podConfig,
            SandboxId = sandbox.Id,
            SandboxName = sandbox.Name,
            RootfsPath = rootfs,
            PauseImage = imageConfig,
            PauseImageName = settings.Image.PauseImage,
            Hostname = sandbox.Hostname,
            Network = Target(sandbox.NetworkNamespacePath),
            Ipc = Target(sandbox.IpcNamespacePath),
            Uts = Target(sandbox.UtsNamespacePath),
            ShmPath = sandbox.ShmPath,
            ResolvConfPath = sandbox.ResolvConfPath,
            HostnamePath = sandbox.HostnamePath,
            LogPath = logPath,
            RuntimeHandler = sandbox.RuntimeHandler,
            Created = DateTimeOffset.UnixEpoch.AddTicks(sandbox.CreatedAt / 100),
        });
    }

    /// <summary>A pinned namespace is joined; none pinned means the host's.</summary>
    private static NamespaceTarget Target(string? pinned) => pinned is null ? NamespaceTarget.Host : NamespaceTarget.Join(pinned);

    /// <summary>
    /// <c>&lt;log_directory&gt;/&lt;id&gt;.log</c> as CRI-O names it; without a usable log directory (none, or one with
    /// a ':' that conmon cannot take) the bundle directory.
    /// </summary>
    private string LogPath(Sandbox sandbox) =>
        sandbox.LogDirectory.Length > 0 && Path.IsPathRooted(sandbox.LogDirectory) && !sandbox.LogDirectory.Contains(':', StringComparison.Ordinal)
            ? Path.Join(sandbox.LogDirectory, sandbox.Id + ".log")
            : Path.Combine(paths.ContainerBundle(sandbox.Id), "infra.log");

    private async Task CleanUpFailedStartAsync(Sandbox sandbox)
    {
        try
        {
            await RemoveAsync(sandbox, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Log.CleanupFailed(_logger, sandbox.Id, e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Started infra container {Id} (pid {Pid}) from {Image}")]
        public static partial void Started(ILogger logger, string id, int pid, string image);

        [LoggerMessage(Level = LogLevel.Information, Message = "Pause image {Image} is not in the store; pulling it")]
        public static partial void PullingPauseImage(ILogger logger, string image);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Could not clean up the failed infra container {Id}")]
        public static partial void CleanupFailed(ILogger logger, string id, Exception exception);
    }
}
