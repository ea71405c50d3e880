namespace Crisp.Linux;

/// <summary>A child's raw wait(2) status, decoded the way the W* macros do.</summary>
public readonly record struct WaitStatus(int Raw)
{
    /// <summary>WIFEXITED: the child called exit.</summary>
    public bool Exited => (Raw & 0x7F) == 0;

    /// <summary>WEXITSTATUS: the exit code (meaningful when <see cref="Exited"/>).</summary>
    public int ExitCode => (Raw >> 8) & 0xFF;

    /// <summary>WIFSIGNALED: the child was killed by a signal.</summary>
    public bool Signaled => (sbyte)((Raw & 0x7F) + 1) >> 1 > 0;

    /// <summary>WTERMSIG: the signal that killed the child (meaningful when <see cref="Signaled"/>).</summary>
    public int TerminatingSignal => Raw & 0x7F;

    /// <summary>The shell's convention (and conmon's): the exit code, or 128 + signal, or -1.</summary>
    public int ToExitStatus() => Exited ? ExitCode : Signaled ? 128 + TerminatingSignal : -1;

    public override string ToString() =>
        Exited ? $"exited with code {ExitCode}" : Signaled ? $"killed by signal {TerminatingSignal}" : $"wait status 0x{Raw:x}";
}
