using System.Text.Json.Serialization;

namespace Crisp.Oci.Spec.Model;

/// <summary>Source-generated JSON metadata for config.json (camelCase names, nulls omitted).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowTrailingCommas = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
[JsonSerializable(typeof(RuntimeSpec))]
[JsonSerializable(typeof(LinuxSeccomp))]
[JsonSerializable(typeof(LinuxResources))]
internal sealed partial class RuntimeSpecJsonContext : JsonSerializerContext
{
}
