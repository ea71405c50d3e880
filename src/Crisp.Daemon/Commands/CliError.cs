namespace Crisp.Daemon.Commands;

/// <summary>A failure the command reports as one line on stderr with a non-zero exit, without a stack trace.</summary>
internal sealed class CliError(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
