using System.Text.Json;

namespace Crisp.Images.Registry;

/// <summary>A manifest or index as read from a registry.</summary>
internal sealed class ParsedManifest
{
    public required string MediaType { get; init; }

    public bool IsIndex => MediaTypes.IsIndex(MediaType);

    /// <summary>An index's entries and their platforms (null when an entry has none).</summary>
    public IReadOnlyList<(Descriptor Descriptor, Platform? Platform)> Manifests { get; init; } = [];

    /// <summary>An image manifest's config descriptor.</summary>
    public Descriptor? Config { get; init; }

    /// <summary>An image manifest's layers.</summary>
    public IReadOnlyList<Descriptor> Layers { get; init; } = [];
}

/// <summary>Reads OCI image manifests and indexes and Docker schema 2 manifests and manifest lists.</summary>
internal static class ManifestParser
{
    /// <summary>Parses <paramref name="bytes"/>; <paramref name="subject"/> names the manifest in errors.</summary>
    /// <exception cref="RegistryException">Not JSON, schema 1, an unknown or unsupported kind, or invalid descriptors.</exception>
    public static ParsedManifest Parse(ReadOnlySpan<byte> bytes, string? contentType, string subject)
    {
        ManifestDocument document;
        try
        {
            document = JsonSerializer.Deserialize(bytes, RegistryJsonContext.Default.ManifestDocument)
                ?? throw Invalid(subject, "the manifest is JSON null");
        }
        catch (JsonException e)
        {
            throw new RegistryException($"invalid manifest for {subject}: {e.Message}", statusCode: null, RegistryErrorCodes.Unsupported, e);
        }

        var header = MediaTypes.Normalize(contentType);
        var declared = MediaTypes.Normalize(document.MediaType);
        if (document.SchemaVersion == 1 || MediaTypes.IsSchema1(declared) || (declared is null && MediaTypes.IsSchema1(header)))
        {
            throw new RegistryException(
                $"unsupported manifest format for {subject}: Docker image manifest schema 1 ({declared ?? header ?? "schemaVersion 1"}) is deprecated and not supported; push the image again with a current client (Docker schema 2 or OCI)",
                statusCode: null,
                RegistryErrorCodes.Unsupported);
        }

        var mediaType = KindOf(declared, header, document, subject);
        if (document.SchemaVersion != 2)
        {
            throw Invalid(subject, $"schemaVersion is {document.SchemaVersion}, want 2");
        }

        if (MediaTypes.IsIndex(mediaType))
        {
            if (document.Manifests is null)
            {
                throw Invalid(subject, "the index has no \"manifests\"");
            }

            return new ParsedManifest
            {
                MediaType = mediaType,
                Manifests = document.Manifests
                    .Select((d, i) => (ToDescriptor(d, subject, $"manifests[{i}]"), ToPlatform(d.Platform)))
                    .ToList(),
            };
        }

        if (document.Config is null)
        {
            throw Invalid(subject, "the manifest has no \"config\"");
        }

        return new ParsedManifest
        {
            MediaType = mediaType,
            Config = ToDescriptor(document.Config, subject, "config"),
            Layers = (document.Layers ?? []).Select((d, i) => ToDescriptor(d, subject, $"layers[{i}]")).ToList(),
        };
    }

    private static string KindOf(string? declared, string? header, ManifestDocument document, string subject)
    {
        if (declared is not null)
        {
            return IsKnown(declared) ? declared : throw Unsupported(subject, declared);
        }

        if (header is not null && IsKnown(header))
        {
            return header;
        }

        if (header is not null && header is not ("application/json" or "text/plain" or "application/octet-stream"))
        {
            throw Unsupported(subject, header);
        }

        // Neither says: go by shape, as containers/image's GuessMIMEType does.
        return document.Manifests is not null ? MediaTypes.OciIndex
            : document.Config is not null ? MediaTypes.OciManifest
            : throw Invalid(subject, "it is neither an image manifest nor an index");
    }

    private static bool IsKnown(string mediaType) => MediaTypes.IsIndex(mediaType) || MediaTypes.IsImageManifest(mediaType);

    private static Descriptor ToDescriptor(DescriptorDocument document, string subject, string where)
    {
        if (string.IsNullOrWhiteSpace(document.MediaType))
        {
            throw Invalid(subject, $"{where} has no mediaType");
        }

        var digest = ContentDigest.Parse(document.Digest, $"{where} of the manifest for {subject}");
        if (document.Size is not { } size || size < 0)
        {
            throw Invalid(subject, $"{where} has no valid size");
        }

        return new Descriptor(
            document.MediaType,
            digest.ToString(),
            size,
            document.Urls is { Count: > 0 } urls ? urls : null,
            document.Annotations is { Count: > 0 } annotations ? annotations : null);
    }

    private static Platform? ToPlatform(PlatformDocument? platform) =>
        platform is { Os: { Length: > 0 } os, Architecture: { Length: > 0 } arch }
            ? new Platform(os, arch, string.IsNullOrEmpty(platform.Variant) ? null : platform.Variant)
            : null;

    private static RegistryException Invalid(string subject, string reason) =>
        new($"invalid manifest for {subject}: {reason}", statusCode: null, RegistryErrorCodes.Unsupported);

    private static RegistryException Unsupported(string subject, string mediaType) =>
        new($"unsupported manifest media type \"{mediaType}\" for {subject}: crisp pulls OCI image manifests and indexes and Docker schema 2 manifests and manifest lists",
            statusCode: null,
            RegistryErrorCodes.Unsupported);
}
