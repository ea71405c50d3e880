using System.Buffers.Binary;
using System.Globalization;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace Crisp.Cri.Streaming.Remote;

/// <summary>
/// Port-forwarding over a WebSocket, as the kubelet serves it: the ports come as <c>?port=</c> query values (else
/// from the PortForward request); port i uses channel 2i for data and 2i+1 for errors, and the server starts each
/// channel with the port number (2 bytes, little-endian). Each port gets one connection into the pod's network
/// namespace for the life of the WebSocket.
/// </summary>
internal static class WebSocketPortForward
{
    private static readonly string[] _protocols = ["v4.channel.k8s.io", "v4.base64.channel.k8s.io", "channel.k8s.io", "base64.channel.k8s.io"];

    public static string? Negotiate(IEnumerable<string> offered)
    {
        var set = offered.SelectMany(o => o.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal);
        return _protocols.FirstOrDefault(set.Contains);
    }

    /// <summary>The ports to forward; each must be 1–65535.</summary>
    /// <exception cref="ArgumentException">A port is not a number in range, or there is none.</exception>
    public static IReadOnlyList<int> Ports(StringValues query, IReadOnlyList<int> requested)
    {
        var ports = query.Count > 0
            ? query.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                .Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1).ToList()
            : [.. requested];
        if (ports.Count == 0 || ports.Any(p => p is < 1 or > 65535))
        {
            throw new ArgumentException($"port-forward needs ports between 1 and 65535, got [{string.Join(", ", ports)}]");
        }

        return ports;
    }

    public static async Task RunAsync(WebSocket socket, string protocol, IReadOnlyList<int> ports, Func<int, Task<Socket>> connect, CancellationToken clientGone)
    {
        var incoming = Enumerable.Range(0, ports.Count).Select(i => 2 * i);
        await using var channels = new WebSocketChannels(socket, protocol, incoming);
        using var closed = CancellationTokenSource.CreateLinkedTokenSource(clientGone);
        var receiving = channels.ReceiveThenCancelAsync(closed, clientGone);
        for (var i = 0; i < ports.Count; i++)
        {
            var prefix = new byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(prefix, (ushort)ports[i]);
            await channels.SendAsync((byte)(2 * i), prefix, clientGone).ConfigureAwait(false);
            await channels.SendAsync((byte)((2 * i) + 1), prefix, clientGone).ConfigureAwait(false);
        }

        var forwards = ports.Select((port, i) => ForwardAsync(channels, i, port, connect, closed.Token)).ToList();
        await Task.WhenAll(forwards).ConfigureAwait(false);
        await channels.CloseAsync(CancellationToken.None).ConfigureAwait(false);
        await receiving.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private static async Task ForwardAsync(WebSocketChannels channels, int index, int port, Func<int, Task<Socket>> connect, CancellationToken clientGone)
    {
        var data = (byte)(2 * index);
        Socket target;
        try
        {
            target = await connect(port).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or IOException or InvalidOperationException)
        {
            await channels.SendAsync((byte)(data + 1), Encoding.UTF8.GetBytes($"failed to connect to localhost:{port} inside the pod: {e.Message}"), CancellationToken.None).ConfigureAwait(false);
            return;
        }

        using (target)
        {
            await PortPump.RunAsync(channels.Reader(data), channels.Writer(data), target, clientGone).ConfigureAwait(false);
        }
    }
}
