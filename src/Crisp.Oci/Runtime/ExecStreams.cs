namespace Crisp.Oci.Runtime;

/// <summary>
/// Which streams a streaming exec wants (<see cref="IOciRuntime.ExecAsync"/>). A stream not asked for is
/// /dev/null for the process. With <see cref="Tty"/> the process gets a terminal: its output (stdout and
/// stderr merged, as on any terminal) comes through <see cref="IExecSession.Stdout"/> and <see cref="Stderr"/>
/// is ignored (CRI: tty and stderr are exclusive).
/// </summary>
public sealed record ExecStreams
{
    public bool Tty { get; init; }

    public bool Stdin { get; init; }

    public bool Stdout { get; init; }

    public bool Stderr { get; init; }

    /// <summary>The terminal's size when the process starts (tty only); null leaves it 0x0 until the first resize.</summary>
    public TerminalSize? InitialSize { get; init; }
}
