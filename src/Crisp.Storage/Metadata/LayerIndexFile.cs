using System.Text.Json;
using Crisp.Linux;

namespace Crisp.Storage.Metadata;

/// <summary>Reads and writes layers.json.</summary>
internal static class LayerIndexFile
{
    public const int CurrentVersion = 1;

    public static List<LayerRecord> Load(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        LayerIndexDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(File.ReadAllBytes(path), StorageJsonContext.Default.LayerIndexDocument);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"layer index {path} is not valid JSON: {e.Message}", e);
        }

        if (document is null || document.Version != CurrentVersion)
        {
            throw new InvalidDataException($"layer index {path} has unsupported version {document?.Version}");
        }

        return document.Layers;
    }

    public static void Save(string path, IEnumerable<LayerRecord> layers)
    {
        var document = new LayerIndexDocument
        {
            Version = CurrentVersion,
            Layers = [.. layers.OrderBy(l => l.Created).ThenBy(l => l.ChainId, StringComparer.Ordinal)],
        };
        AtomicFile.Write(path, JsonSerializer.SerializeToUtf8Bytes(document, StorageJsonContext.Default.LayerIndexDocument));
    }
}
