using System.Text.Json.Serialization;
using Crisp.Core.Sandboxes;

namespace Crisp.Core.State;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Sandbox))]
[JsonSerializable(typeof(Crisp.Core.Containers.Container))]
internal sealed partial class StateJsonContext : JsonSerializerContext
{
}
