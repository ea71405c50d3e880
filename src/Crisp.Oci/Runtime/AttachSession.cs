using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace Crisp.Oci.Runtime;

/// <summary>
/// <see cref="IAttachSession"/> over a connected SOCK_SEQPACKET socket to conmon (conn_sock.c). Each packet from
/// conmon is one read of the container's stdout or stderr: a kind byte (<see cref="AttachStreamKind"/>) and up to
/// STDIO_BUF_SIZE (8192) bytes. Each packet we send is written to the container's stdin; conmon reads packets
/// into a CONN_SOCK_BUF_SIZE (32 KiB) buffer and would cut a longer one short, so stdin goes in chunks of that size.
/// </summary>
internal sealed class AttachSession : IAttachSession
{
    /// <summary>conmon's CONN_SOCK_BUF_SIZE: the most it reads from one packet.</summary>
    internal const int MaxStdinPacket = 32 * 1024;

    /// <summary>conmon's STDIO_BUF_SIZE plus the kind byte; larger than any packet conmon 2.x sends.</summary>
    private const int MaxOutputPacket = (32 * 1024) + 1;

    private readonly string _id;
    private readonly Socket _socket;
    private readonly ILogger _logger;
    private int _disposed;

    public AttachSession(string id, Socket socket, ILogger logger)
    {
        _id = id;
        _socket = socket;
        _logger = logger;
    }

    public async Task WriteStdinAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        while (!data.IsEmpty)
        {
            var chunk = data[..Math.Min(data.Length, MaxStdinPacket)];
            await _socket.SendAsync(chunk, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            data = data[chunk.Length..];
        }
    }

    public void CloseStdin()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // conmon already closed the connection (the container exited): its stdin is closed anyway.
        }
    }

    public async IAsyncEnumerable<AttachOutput> ReadOutputAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var buffer = new byte[MaxOutputPacket];
        while (Volatile.Read(ref _disposed) == 0)
        {
            int received;
            try
            {
                received = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.OperationAborted or SocketError.Shutdown)
            {
                yield break;
            }
            catch (ObjectDisposedException)
            {
                yield break;
            }

            // conmon never sends an empty packet (there is always the kind byte): zero is the end of the connection.
            if (received == 0)
            {
                yield break;
            }

            var kind = buffer[0];
            if (kind is not ((byte)AttachStreamKind.Stdout or (byte)AttachStreamKind.Stderr))
            {
                RuntimeLog.AttachUnknownPacket(_logger, _id, kind);
                continue;
            }

            if (received > 1)
            {
                yield return new AttachOutput((AttachStreamKind)kind, buffer.AsSpan(1, received - 1).ToArray());
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _socket.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}
