using System.Text.Json.Serialization;

namespace Crisp.Storage.Metadata;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LayerIndexDocument))]
[JsonSerializable(typeof(ImageIndexDocument))]
internal sealed partial class StorageJsonContext : JsonSerializerContext
{
}
