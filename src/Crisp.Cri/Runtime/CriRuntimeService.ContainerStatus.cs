using System.Text.Json;
using Crisp.Core.Containers;
using Grpc.Core;
using Runtime.V1;

namespace Crisp.Cri.Runtime;

public sealed partial class CriRuntimeService
{
    /// <summary>NotFound for an unknown id; <c>verbose</c> adds, as CRI-O, <c>info["info"]</c>: pid, sandbox id, privileged and the runtime spec.</summary>
    public override Task<ContainerStatusResponse> ContainerStatus(ContainerStatusRequest request, ServerCallContext context) =>
        Call(async () =>
        {
            var container = await _containers.RefreshAsync(request.ContainerId, context.CancellationToken).ConfigureAwait(false);
            var response = new ContainerStatusResponse { Status = ContainerCriMapping.ToStatus(container) };
            if (request.Verbose)
            {
                response.Info["info"] = VerboseInfo(container, _containers.ReadRuntimeSpec(container));
            }

            return response;
        });

    private static string VerboseInfo(Core.Containers.Container container, string? runtimeSpec)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("sandboxID", container.SandboxId);
            json.WriteNumber("pid", container.Pid);
            json.WriteBoolean("privileged", container.Privileged);
            json.WriteString("logPath", container.LogPath);
            json.WriteString("root", container.RootfsPath);
            json.WriteString("runtimeHandler", container.OciHandler);
            json.WritePropertyName("runtimeSpec");
            if (runtimeSpec is null)
            {
                json.WriteNullValue();
            }
            else
            {
                json.WriteRawValue(runtimeSpec);
            }

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
