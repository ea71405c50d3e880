namespace Crisp.Images.Credentials;

/// <summary>Credentials that exist but cannot be used: a malformed auth file or an invalid CRI <c>auth</c> field.</summary>
public sealed class CredentialsException : Exception
{
    public CredentialsException(string message)
        : base(message)
    {
    }

    public CredentialsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
