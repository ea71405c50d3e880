namespace Crisp.Storage;

/// <summary>A layer blob that is not a valid layer, or one crisp refuses to apply (the entry is named).</summary>
public sealed class LayerFormatException : Exception
{
    public LayerFormatException(string message, string? entryName = null, Exception? innerException = null)
        : base(entryName is null ? message : $"layer entry '{entryName}': {message}", innerException)
    {
        EntryName = entryName;
    }

    /// <summary>The tar entry that was refused, when the problem is with one entry.</summary>
    public string? EntryName { get; }
}
