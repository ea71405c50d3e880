using System.Text.Json;
using System.Text.Json.Nodes;
using Crisp.Core.State;

namespace Crisp.Core.Sandboxes;

public sealed partial class SandboxManager
{
    /// <summary>
    /// PodSandboxStatus's verbose <c>info</c> value, as CRI-O's: a JSON object with the sandbox id, the infra
    /// container's pid and image, crisp's sandbox record and, when an infra container exists, its runtime spec.
    /// </summary>
    public string VerboseInfo(Sandbox sandbox)
    {
        var record = JsonNode.Parse(JsonSerializer.Serialize(sandbox, StateJsonContext.Default.Sandbox))!.AsObject();
        record.Remove("config");
        var info = new JsonObject
        {
            ["sandboxID"] = sandbox.Id,
            ["pid"] = sandbox.InfraPid,
            ["image"] = sandbox.InfraImageName,
            ["sandbox"] = record,
        };
        if (sandbox.InfraContainerId is not null)
        {
            try
            {
                info["runtimeSpec"] = JsonNode.Parse(File.ReadAllText(Path.Combine(_paths.ContainerBundle(sandbox.Id), "config.json")));
            }
            catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
            {
                info["runtimeSpec"] = null;
            }
        }

        return info.ToJsonString();
    }
}
