namespace Crisp.Cri.Streaming.Remote;

/// <summary>
/// The streams of one remote-command connection (exec or attach), whatever the transport (SPDY or WebSocket):
/// what the client sends (stdin, resize) and where the output goes (stdout, stderr). A stream the client did not
/// ask for is null. <see cref="ReportAsync"/> writes the outcome to the error stream.
/// </summary>
internal sealed class RemoteStreams
{
    public Stream? Stdin { get; init; }

    public Stream? Stdout { get; init; }

    public Stream? Stderr { get; init; }

    public Stream? Resize { get; init; }

    /// <summary>Reports the exit code (null when the command did not run) or the error that ended the session.</summary>
    public required Func<int?, string?, Task> ReportAsync { get; init; }
}
