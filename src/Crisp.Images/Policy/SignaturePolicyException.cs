namespace Crisp.Images.Policy;

/// <summary>A policy.json that is missing, unreadable or invalid.</summary>
public sealed class SignaturePolicyException : Exception
{
    public SignaturePolicyException(string message)
        : base(message)
    {
    }

    public SignaturePolicyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
