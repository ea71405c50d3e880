using System.Net.Sockets;

namespace Crisp.Network.Namespaces;

/// <summary>Opens TCP connections to a port inside a pod's network namespace (CRI PortForward).</summary>
public interface INetnsConnector
{
    /// <summary>
    /// Connects to <paramref name="port"/> on the loopback address of the network namespace
    /// <paramref name="netnsPath"/> and returns the connected socket, usable from any thread.
    /// </summary>
    Task<Socket> ConnectAsync(string netnsPath, int port, CancellationToken cancellationToken = default);
}
