namespace Crisp.Linux.Zlib;

/// <summary>zlib refused the data (corrupt input, wrong dictionary, output over its limit) or failed to start.</summary>
public sealed class ZlibException : IOException
{
    /// <summary>A zlib failure described by <paramref name="message"/>.</summary>
    public ZlibException(string message)
        : base(message)
    {
    }
}
