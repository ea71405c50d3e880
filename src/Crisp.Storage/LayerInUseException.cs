namespace Crisp.Storage;

/// <summary>A layer that cannot be removed because other layers are built on it.</summary>
public sealed class LayerInUseException : Exception
{
    public LayerInUseException(string chainId, IReadOnlyList<string> children)
        : base($"layer {chainId} is the parent of {children.Count} layer(s) ({string.Join(", ", children)}); remove them first")
    {
        ChainId = chainId;
        Children = children;
    }

    public string ChainId { get; }

    public IReadOnlyList<string> Children { get; }
}
