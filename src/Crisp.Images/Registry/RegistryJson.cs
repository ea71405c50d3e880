using System.Text.Json.Serialization;

namespace Crisp.Images.Registry;

/// <summary>Manifest, image index and manifest list share one shape for reading: whichever fields are present.</summary>
internal sealed class ManifestDocument
{
    public int SchemaVersion { get; set; }

    public string? MediaType { get; set; }

    public DescriptorDocument? Config { get; set; }

    public List<DescriptorDocument>? Layers { get; set; }

    public List<DescriptorDocument>? Manifests { get; set; }
}

internal sealed class DescriptorDocument
{
    public string? MediaType { get; set; }

    public string? Digest { get; set; }

    public long? Size { get; set; }

    public List<string>? Urls { get; set; }

    public Dictionary<string, string>? Annotations { get; set; }

    public PlatformDocument? Platform { get; set; }
}

internal sealed class PlatformDocument
{
    public string? Architecture { get; set; }

    public string? Os { get; set; }

    public string? Variant { get; set; }

    [JsonPropertyName("os.version")]
    public string? OsVersion { get; set; }
}

/// <summary>The distribution-spec error body: <c>{"errors":[{"code","message","detail"}]}</c>.</summary>
internal sealed class ErrorDocument
{
    public List<ErrorEntry>? Errors { get; set; }

    /// <summary>What token servers send instead of <see cref="Errors"/>.</summary>
    public string? Details { get; set; }
}

internal sealed class ErrorEntry
{
    public string? Code { get; set; }

    public string? Message { get; set; }
}

/// <summary>A token endpoint's answer (token spec and its OAuth2 variant).</summary>
internal sealed class TokenDocument
{
    public string? Token { get; set; }

    [JsonPropertyName("access_token")]
    public string? AccessToken { get; set; }

    [JsonPropertyName("expires_in")]
    public long? ExpiresIn { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.Strict,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(ManifestDocument))]
[JsonSerializable(typeof(ErrorDocument))]
[JsonSerializable(typeof(TokenDocument))]
internal sealed partial class RegistryJsonContext : JsonSerializerContext;
