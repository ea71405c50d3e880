using System.Text.Json;
using Crisp.Linux;
using Crisp.Storage.Images;

namespace Crisp.Storage.Metadata;

/// <summary>Reads and writes images.json.</summary>
internal static class ImageIndexFile
{
    public const int CurrentVersion = 1;

    public static IReadOnlyList<StoredImage> Load(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        try
        {
            var document = JsonSerializer.Deserialize(File.ReadAllBytes(path), StorageJsonContext.Default.ImageIndexDocument);
            return document is { Version: CurrentVersion }
                ? document.Images
                : throw new InvalidDataException($"image index {path} has unsupported version {document?.Version}");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"image index {path} is not valid JSON: {e.Message}", e);
        }
    }

    public static void Save(string path, IEnumerable<StoredImage> images)
    {
        var document = new ImageIndexDocument { Version = CurrentVersion, Images = [.. images.OrderBy(i => i.Id, StringComparer.Ordinal)] };
        AtomicFile.Write(path, JsonSerializer.SerializeToUtf8Bytes(document, StorageJsonContext.Default.ImageIndexDocument));
    }
}

/// <summary>The on-disk shape of images.json.</summary>
internal sealed class ImageIndexDocument
{
    public int Version { get; set; }

    public List<StoredImage> Images { get; set; } = [];
}
