namespace Crisp.Oci.Runtime;

/// <summary>
/// One running streaming exec: <c>runc exec</c> in the foreground, a child of crisp. Read <see cref="Stdout"/> and
/// <see cref="Stderr"/> to their end (runc blocks once a pipe is full), then <see cref="WaitForExitAsync"/>.
/// Disposing kills a process that still runs, closes every descriptor and reaps runc.
/// </summary>
public interface IExecSession : IAsyncDisposable
{
    /// <summary>
    /// The process's stdin (write-only), when asked for. Without a tty, disposing it (or <see cref="CloseStdin"/>)
    /// is end of file for the process. With a tty it writes to the terminal: there is no end of file, send
    /// Ctrl-D (0x04) as a user would.
    /// </summary>
    Stream? Stdin { get; }

    /// <summary>The process's stdout (read-only), or with a tty the terminal's output; ends when runc exits.</summary>
    Stream? Stdout { get; }

    /// <summary>The process's stderr (read-only); null with a tty. runc's own failures are written here.</summary>
    Stream? Stderr { get; }

    /// <summary>The exec'd process's pid (host pid namespace), once runc has started it; null before or when it never started.</summary>
    int? ProcessId { get; }

    /// <summary>runc's own error (from its JSON log) once it exited because it failed, e.g. a missing executable; null otherwise.</summary>
    string? RuntimeError { get; }

    /// <summary>Closes stdin (end of file without a tty). Does nothing when there is none or it is already closed.</summary>
    void CloseStdin();

    /// <summary>Resizes the terminal: TIOCSWINSZ on crisp's master, then SIGWINCH to runc, which applies the size to the container's terminal.</summary>
    /// <exception cref="InvalidOperationException">the exec has no tty.</exception>
    Task ResizeAsync(ushort width, ushort height);

    /// <summary>
    /// runc's exit status, which is the process's exit code (128 + signal number when a signal killed it), or
    /// 255 when runc itself failed (see <see cref="RuntimeError"/>); -1 when the status was lost.
    /// </summary>
    Task<int> WaitForExitAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// SIGKILLs the exec'd process (pid from runc's pid file) — or runc itself when the process has not started
    /// yet — and SIGKILLs runc too if it has not exited two seconds later (children of the process that keep its
    /// output open would hold runc). Does nothing after runc exited.
    /// </summary>
    void Kill();
}
