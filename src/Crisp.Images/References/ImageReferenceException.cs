namespace Crisp.Images.References;

/// <summary>An image reference that does not follow the distribution/reference grammar.</summary>
public sealed class ImageReferenceException : Exception
{
    public ImageReferenceException(string input, string reason)
        : base($"invalid image reference \"{input}\": {reason}")
    {
        Input = input;
        Reason = reason;
    }

    /// <summary>The text that failed to parse.</summary>
    public string Input { get; }

    /// <summary>Why it failed, without the input (e.g. "repository name must be lowercase").</summary>
    public string Reason { get; }
}
