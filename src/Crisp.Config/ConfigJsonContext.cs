using System.Text.Json.Serialization;

namespace Crisp.Config;

/// <summary>Source-generated JSON metadata for the configuration records (no reflection, AOT-safe).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    Converters = [typeof(GoDurationJsonConverter)])]
[JsonSerializable(typeof(CrispConfig))]
internal sealed partial class ConfigJsonContext : JsonSerializerContext
{
}
