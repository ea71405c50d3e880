namespace Crisp.IntegrationTests.Harness.Registry;

/// <summary>
/// One built layer: its uncompressed tar (whose sha256 is the diffID), the compressed blob (whose sha256 is the
/// digest in the manifest) and the names of its entries in order.
/// </summary>
public sealed class TestLayer
{
    internal TestLayer(ReadOnlyMemory<byte> tar, LayerCompression compression, string createdBy, IReadOnlyList<string> entryNames)
    {
        Tar = tar;
        Compression = compression;
        CreatedBy = createdBy;
        EntryNames = entryNames;
        DiffId = Digests.Sha256(tar.Span);
        Blob = compression == LayerCompression.None ? tar : LayerCompressions.Compress(tar.Span, compression);
        Digest = compression == LayerCompression.None ? DiffId : Digests.Sha256(Blob.Span);
    }

    /// <summary>The uncompressed tar stream.</summary>
    public ReadOnlyMemory<byte> Tar { get; }

    /// <summary>sha256 of <see cref="Tar"/>: what the image config lists in rootfs.diff_ids.</summary>
    public string DiffId { get; }

    public LayerCompression Compression { get; }

    /// <summary>The bytes pushed to the registry.</summary>
    public ReadOnlyMemory<byte> Blob { get; }

    /// <summary>sha256 of <see cref="Blob"/>: what the manifest lists.</summary>
    public string Digest { get; }

    public long Size => Blob.Length;

    /// <summary>The history entry's created_by for this layer.</summary>
    public string CreatedBy { get; }

    /// <summary>The tar entry names exactly as written (directories end in '/').</summary>
    public IReadOnlyList<string> EntryNames { get; }

    public string MediaType(ImageFormat format) => MediaTypes.Layer(format, Compression);

    /// <summary>The same tar compressed differently (a different digest, the same diffID).</summary>
    public TestLayer WithCompression(LayerCompression compression) =>
        compression == Compression ? this : new TestLayer(Tar, compression, CreatedBy, EntryNames);

    /// <summary>Reads the entries back from the tar (for assertions).</summary>
    public IReadOnlyList<LayerEntry> ReadEntries() => LayerEntry.ReadAll(Tar);

    public override string ToString() => $"{Compression} layer {Digest} (diffID {DiffId}, {EntryNames.Count} entries)";
}
