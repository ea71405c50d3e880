namespace Crisp.Storage.Metadata;

/// <summary>One layer in layers.json.</summary>
internal sealed record LayerRecord
{
    public required string Id { get; init; }

    public required string ChainId { get; init; }

    public required string DiffId { get; init; }

    public string? Parent { get; init; }

    public required string CompressedDigest { get; init; }

    public long CompressedSize { get; init; }

    public string Compression { get; init; } = "none";

    public long UncompressedSize { get; init; }

    public long ContentSize { get; init; }

    public long Inodes { get; init; }

    public DateTimeOffset Created { get; init; }
}

/// <summary>The whole of layers.json.</summary>
internal sealed record LayerIndexDocument
{
    public int Version { get; init; } = 1;

    public List<LayerRecord> Layers { get; init; } = [];
}
