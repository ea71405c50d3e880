namespace Crisp.Oci.Runtime;

/// <summary>
/// A connection to conmon's attach socket of one container: its output from now on, and its stdin. Several
/// sessions may be attached at once; each gets every output chunk. Resize a terminal with
/// <see cref="IOciRuntime.ResizeTerminalAsync"/>.
/// </summary>
public interface IAttachSession : IAsyncDisposable
{
    /// <summary>
    /// Sends bytes to the container's stdin. conmon forwards them only when the container was created with
    /// stdin (<see cref="ContainerCreateOptions.Stdin"/>); otherwise it drops them.
    /// </summary>
    Task WriteStdinAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends this session's input (shutdown of the socket's sending side). conmon then closes the container's
    /// stdin — end of file for it — unless the container was created without <see cref="ContainerCreateOptions.StdinOnce"/>
    /// (conmon <c>--leave-stdin-open</c>). Output keeps flowing.
    /// </summary>
    void CloseStdin();

    /// <summary>
    /// The container's output, chunk by chunk, until the container exits (conmon closes every attach connection
    /// when it does), the session is disposed or <paramref name="cancellationToken"/> fires. Output written before
    /// the session connected is not replayed (it is in the container's log). Enumerate it once.
    /// </summary>
    IAsyncEnumerable<AttachOutput> ReadOutputAsync(CancellationToken cancellationToken = default);
}
