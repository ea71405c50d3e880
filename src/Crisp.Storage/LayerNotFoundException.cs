namespace Crisp.Storage;

/// <summary>A chain ID the layer store does not hold.</summary>
public sealed class LayerNotFoundException : Exception
{
    public LayerNotFoundException(string chainId)
        : base($"layer {chainId} is not in the layer store")
    {
        ChainId = chainId;
    }

    public string ChainId { get; }
}
