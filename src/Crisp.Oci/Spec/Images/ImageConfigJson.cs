using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crisp.Oci.Spec.Images;

/// <summary>JSON for image configurations; names match case-insensitively, as Go's decoder does.</summary>
internal static class ImageConfigJson
{
    public static ImageConfig Parse(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            return JsonSerializer.Deserialize(utf8Json, ImageConfigJsonContext.Default.ImageConfig)
                ?? throw new FormatException("image configuration is null");
        }
        catch (JsonException e)
        {
            throw new FormatException($"invalid image configuration: {e.Message}", e);
        }
    }

    public static ImageConfig Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, ImageConfigJsonContext.Default.ImageConfig)
                ?? throw new FormatException("image configuration is null");
        }
        catch (JsonException e)
        {
            throw new FormatException($"invalid image configuration: {e.Message}", e);
        }
    }

    public static string Serialize(ImageConfig config) =>
        JsonSerializer.Serialize(config, ImageConfigJsonContext.Default.ImageConfig);
}

[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(ImageConfig))]
internal sealed partial class ImageConfigJsonContext : JsonSerializerContext
{
}
