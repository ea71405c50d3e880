namespace Crisp.Storage;

/// <summary>How a layer blob was compressed, detected from its first bytes (not from the media type).</summary>
public enum LayerCompression
{
    None,
    Gzip,
    Zstd,
}
