using System.Net.Sockets;
using System.Text;

namespace Crisp.Oci.Runtime;

public sealed partial class ConmonRuncRuntime
{
    /// <summary>sizeof(sockaddr_un.sun_path) on Linux, including the terminating NUL.</summary>
    private const int MaxSocketPath = 108;

    /// <summary>
    /// Connects to conmon's attach socket <c>&lt;bundle&gt;/attach</c> through the short link conmon made,
    /// <c>&lt;AttachSocketDirectory&gt;/&lt;id&gt;</c> → bundle, since a socket address holds only 107 bytes of path.
    /// </summary>
    public async Task<IAttachSession> AttachAsync(string id, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(_options.AttachSocketDirectory, ValidateId(id), "attach");
        if (Encoding.UTF8.GetByteCount(path) >= MaxSocketPath)
        {
            throw new OciRuntimeException(id, "attach", $"attach socket path {path} is longer than the {MaxSocketPath - 1} bytes a Unix socket address holds");
        }

        if (!Path.Exists(path))
        {
            throw new OciRuntimeException(id, "attach", $"container {id} has no attach socket {path} (no conmon is monitoring it)", notFound: true);
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Seqpacket, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            var gone = e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.AddressNotAvailable;
            throw new OciRuntimeException(id, "attach", $"cannot attach to container {id} through {path}: {e.Message}{(gone ? " (its conmon has exited)" : "")}", gone, e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        RuntimeLog.Attached(_logger, id, path);
        return new AttachSession(id, socket, _logger);
    }
}
