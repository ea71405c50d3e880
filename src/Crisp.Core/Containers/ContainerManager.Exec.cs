using Crisp.Oci.Runtime;
using Crisp.Oci.Spec;
using Crisp.Oci.Spec.Model;
using Google.Protobuf;
using Runtime.V1;

namespace Crisp.Core.Containers;

public sealed partial class ContainerManager
{
    /// <summary>
    /// ExecSync: runs <paramref name="command"/> in the running container through conmon and returns its output and
    /// exit code. A command that outlives <paramref name="timeout"/> (zero = none) is killed: DeadlineExceeded.
    /// </summary>
    public async Task<ExecSyncResult> ExecSyncAsync(string idOrPrefix, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (command.Count == 0 || string.IsNullOrEmpty(command[0]))
        {
            throw ContainerException.Invalid("ExecSync: cmd is empty");
        }

        var container = RequireRunning(await RefreshAsync(idOrPrefix, cancellationToken).ConfigureAwait(false), "ExecSync");
        ExecSyncResult result;
        try
        {
            result = await RuntimeFor(container).ExecSyncAsync(container.Id, command, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (OciRuntimeException e)
        {
            throw ContainerException.Failed($"failed to exec in container {container.Name}({container.Id}): {e.Message}", e);
        }

        return result.TimedOut
            ? throw new ContainerException(ContainerErrorKind.DeadlineExceeded, $"command \"{string.Join(' ', command)}\" in container {container.Id} timed out after {timeout.TotalSeconds:0.###}s and was killed")
            : result;
    }

    /// <summary>
    /// UpdateContainerResources: <c>runc update</c> with the new limits (translated as at create); the container's
    /// recorded config then carries them, so status reports what applies.
    /// </summary>
    public async Task UpdateResourcesAsync(string idOrPrefix, LinuxContainerResources? resources, CancellationToken cancellationToken)
    {
        var found = Get(idOrPrefix);
        using var held = await _locks.AcquireAsync(found.Id, cancellationToken).ConfigureAwait(false);
        var container = _store.Get(found.Id) ?? throw ContainerException.NotFound($"could not find container \"{idOrPrefix}\"");
        if (!container.IsLive)
        {
            throw ContainerException.NotReady($"container {container.Id} is not created or running: {Describe(container.State)}");
        }

        if (resources is null)
        {
            return;
        }

        var sandbox = _sandboxes.Get(container.SandboxId);
        var builder = new ContainerSpecBuilder(_config.Current, _host, _time);
        var json = RuntimeSpecJson.SerializeResources(builder.UpdatedResources(resources, sandbox?.RuntimeHandler));
        try
        {
            await RuntimeFor(container).UpdateResourcesAsync(container.Id, json, cancellationToken).ConfigureAwait(false);
        }
        catch (OciRuntimeException e)
        {
            throw ContainerException.Failed($"failed to update the resources of container {container.Name}({container.Id}): {e.Message}", e);
        }

        var config = container.ReadConfig();
        config.Linux ??= new LinuxContainerConfig();
        config.Linux.Resources = resources;
        _store.Save(container with { Config = config.ToByteArray() });
    }

    /// <summary>ReopenContainerLog: conmon reopens the log file (the kubelet rotated it); the container must be running.</summary>
    public async Task ReopenLogAsync(string idOrPrefix, CancellationToken cancellationToken)
    {
        var container = RequireRunning(await RefreshAsync(idOrPrefix, cancellationToken).ConfigureAwait(false), "ReopenContainerLog");
        try
        {
            await RuntimeFor(container).ReopenLogAsync(container.Id, container.LogPath, cancellationToken).ConfigureAwait(false);
        }
        catch (OciRuntimeException e)
        {
            throw ContainerException.Failed($"failed to reopen the log of container {container.Name}({container.Id}): {e.Message}", e);
        }
    }

    private static Container RequireRunning(Container container, string operation) =>
        container is { State: ContainerState.Running, Paused: false }
            ? container
            : throw ContainerException.NotReady($"{operation}: container {container.Id} is not running ({(container.Paused ? "paused" : Describe(container.State))})");
}
