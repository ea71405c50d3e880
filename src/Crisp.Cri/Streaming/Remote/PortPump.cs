using System.Net.Sockets;

namespace Crisp.Cri.Streaming.Remote;

/// <summary>One forwarded connection: bytes from the client to the pod's port and back, until the pod's side closes.</summary>
internal static class PortPump
{
    public static async Task RunAsync(Stream fromClient, Stream toClient, Socket target, CancellationToken clientGone)
    {
        await using var network = new NetworkStream(target, ownsSocket: false);
        var toPod = CopyThenHalfCloseAsync(fromClient, network, target);
        await RemoteExec.CopyAsync(network, toClient).WaitAsync(clientGone).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await toPod.WaitAsync(TimeSpan.FromSeconds(1), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>When the client closes its side the pod's end of the connection sees end of file.</summary>
    private static async Task CopyThenHalfCloseAsync(Stream from, NetworkStream to, Socket target)
    {
        await RemoteExec.CopyAsync(from, to).ConfigureAwait(false);
        try
        {
            target.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Closed already.
        }
    }
}
