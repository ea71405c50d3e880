namespace Crisp.Core.Sandboxes;

/// <summary>A pod sandbox operation failed; <see cref="Kind"/> says how, the message says what, in words for the kubelet's log.</summary>
public sealed class SandboxException(SandboxErrorKind kind, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public SandboxErrorKind Kind { get; } = kind;

    public static SandboxException Invalid(string message, Exception? inner = null) => new(SandboxErrorKind.InvalidArgument, message, inner);

    public static SandboxException NotFound(string message) => new(SandboxErrorKind.NotFound, message);

    public static SandboxException Failed(string message, Exception? inner = null) => new(SandboxErrorKind.Failed, message, inner);
}
