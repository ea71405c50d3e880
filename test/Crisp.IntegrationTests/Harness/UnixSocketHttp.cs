using System.Net.Sockets;

namespace Crisp.IntegrationTests.Harness;

/// <summary>HTTP handlers that dial a Unix socket, for gRPC channels and for the status pages.</summary>
public static class UnixSocketHttp
{
    public static SocketsHttpHandler Handler(string socketPath) => new()
    {
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
