namespace Crisp.Storage;

/// <summary>A layer blob whose content does not match the digest it was expected to have.</summary>
public sealed class LayerDigestMismatchException : Exception
{
    public LayerDigestMismatchException(string what, string expected, string actual, Exception? innerException = null)
        : base($"{what} mismatch: expected {expected}, got {actual}", innerException)
    {
        Expected = expected;
        Actual = actual;
    }

    public string Expected { get; }

    public string Actual { get; }
}
