using System.Net;
using System.Net.Sockets;
using Crisp.Linux;

namespace Crisp.Network.Namespaces;

/// <summary>
/// <see cref="INetnsConnector"/> the way CRI-O's port forwarding does it: enter the pod's network namespace and
/// dial localhost. A socket belongs to the namespace it was created in, so only the creation happens inside
/// it — on a dedicated thread that setns()es and then ends (<see cref="NamespaceThread"/>); the connect is an
/// ordinary async connect from the caller. 127.0.0.1 is tried first, then [::1] when IPv4 is refused (the
/// kubelet resolves "localhost" to both).
/// </summary>
public sealed class NetnsConnector : INetnsConnector
{
    public async Task<Socket> ConnectAsync(string netnsPath, int port, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(netnsPath);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);

        var (created4, created6) = await NamespaceThread.RunAsync(netnsPath, NamespaceThread.Network, CreateSockets).ConfigureAwait(false);
        Socket? v4 = created4;
        var v6 = created6;
        try
        {
            var v4Error = await TryConnectAsync(v4, IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
            if (v4Error is null)
            {
                var connected = v4;
                v4 = null;
                return connected;
            }

            if (v6 is null || v4Error != SocketError.ConnectionRefused)
            {
                throw Failure(v4Error.Value, netnsPath, port, "127.0.0.1");
            }

            var v6Error = await TryConnectAsync(v6, IPAddress.IPv6Loopback, port, cancellationToken).ConfigureAwait(false);
            if (v6Error is null)
            {
                var connected = v6;
                v6 = null;
                return connected;
            }

            throw Failure(v4Error.Value, netnsPath, port, "127.0.0.1 and [::1]");
        }
        finally
        {
            v4?.Dispose();
            v6?.Dispose();
        }
    }

    /// <summary>Runs inside the namespace: one IPv4 socket, and an IPv6 one unless the namespace has no IPv6.</summary>
    private static (Socket V4, Socket? V6) CreateSockets()
    {
        var v4 = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            return (v4, new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp));
        }
        catch (SocketException)
        {
            return (v4, null);
        }
    }

    private static async Task<SocketError?> TryConnectAsync(Socket socket, IPAddress address, int port, CancellationToken cancellationToken)
    {
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken).ConfigureAwait(false);
            socket.NoDelay = true;
            return null;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode;
        }
    }

    private static SocketException Failure(SocketError error, string netnsPath, int port, string tried) =>
        new((int)error, $"port-forward to port {port} in network namespace {netnsPath}: connecting to {tried} failed: {Describe(error)}");

    private static string Describe(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => "connection refused (nothing listens on that port)",
        SocketError.TimedOut => "timed out",
        SocketError.NetworkUnreachable => "network unreachable (is the loopback interface up?)",
        _ => error.ToString(),
    };
}
