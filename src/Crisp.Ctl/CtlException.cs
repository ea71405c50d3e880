namespace Crisp.Ctl;

/// <summary>An error <c>crisp ctl</c> reports as one line on stderr and a non-zero exit code, without a stack trace.</summary>
public sealed class CtlException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
