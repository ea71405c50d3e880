using System.Globalization;
using System.Text;

namespace Crisp.Oci.Runtime;

public sealed partial class ConmonRuncRuntime
{
    public Task StartAsync(string id, CancellationToken cancellationToken = default) =>
        RuncAsync(ValidateId(id), "start", ["start", id], cancellationToken);

    public async Task<OciContainerState?> StateAsync(string id, CancellationToken cancellationToken = default)
    {
        try
        {
            return OciStateJson.Parse(await RuncAsync(ValidateId(id), "state", ["state", id], cancellationToken).ConfigureAwait(false));
        }
        catch (OciRuntimeException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<OciContainerState>> ListAsync(CancellationToken cancellationToken = default) =>
        OciStateJson.ParseList(await RuncAsync("", "list", ["list", "--format", "json"], cancellationToken).ConfigureAwait(false));

    public Task KillAsync(string id, int signal, bool all = false, CancellationToken cancellationToken = default)
    {
        var number = signal.ToString(CultureInfo.InvariantCulture);
        return RuncAsync(ValidateId(id), "kill", all ? ["kill", "--all", id, number] : ["kill", id, number], cancellationToken);
    }

    public async Task DeleteAsync(string id, bool force = false, CancellationToken cancellationToken = default)
    {
        ValidateId(id);
        try
        {
            await RuncAsync(id, "delete", force ? ["delete", "--force", id] : ["delete", id], cancellationToken).ConfigureAwait(false);
        }
        catch (OciRuntimeException e) when (e.IsNotFound)
        {
            // Already gone: delete is idempotent.
        }

        RemoveContainerFiles(id);
        RuntimeLog.ContainerDeleted(_logger, id);
    }

    public Task UpdateResourcesAsync(string id, string resourcesJson, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resourcesJson);
        return RuncAsync(ValidateId(id), "update", ["update", "--resources", "-", id], cancellationToken, Encoding.UTF8.GetBytes(resourcesJson));
    }

    public Task PauseAsync(string id, CancellationToken cancellationToken = default) =>
        RuncAsync(ValidateId(id), "pause", ["pause", id], cancellationToken);

    public Task ResumeAsync(string id, CancellationToken cancellationToken = default) =>
        RuncAsync(ValidateId(id), "resume", ["resume", id], cancellationToken);
}
