using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Crisp.Cri.Streaming.Spdy;

namespace Crisp.Ctl.Streaming;

/// <summary>
/// A local listener per port. Over SPDY (crictl's default; client-go portforward): one connection, and per accepted
/// connection an error stream and a data stream with the same <c>port</c> and <c>requestID</c> headers. Over a
/// WebSocket: one WebSocket per accepted connection (<see cref="WebSocketPortForwarder"/>), each with a new URL.
/// </summary>
internal static class PortForwarder
{
    /// <param name="url">The URL of the PortForward call made before listening (it proved the pod can be forwarded to): SPDY's one connection uses it.</param>
    /// <param name="newUrl">Another PortForward call: a WebSocket per local connection needs a fresh single-use URL.</param>
    public static async Task RunAsync(string transport, string url, Func<Task<string>> newUrl, IReadOnlyList<(int Local, int Remote)> ports, CancellationToken ct)
    {
        if (transport == "websocket")
        {
            await ListenAsync(ports, (socket, remote, _) => WebSocketAsync(newUrl, socket, remote, ct), Task.Delay(Timeout.Infinite, ct), ct);
            return;
        }

        await using var client = await SpdyUpgrade.ConnectAsync(url, ["portforward.k8s.io"], ct);
        await ListenAsync(ports, (socket, remote, requestId) => HandleAsync(client, socket, remote, requestId, ct), client.Connection.Completion.WaitAsync(ct), ct);
    }

    private static async Task WebSocketAsync(Func<Task<string>> newUrl, TcpClient socket, int remote, CancellationToken ct)
    {
        using (socket)
        {
            try
            {
                await WebSocketPortForwarder.HandleAsync(await newUrl(), socket, remote, ct);
            }
            catch (Exception e) when (e is IOException or SocketException or System.Net.WebSockets.WebSocketException or OperationCanceledException or Grpc.Core.RpcException)
            {
                Console.Error.WriteLine($"crisp ctl: connection for {remote} ended: {e.Message}");
            }
        }
    }

    private static async Task ListenAsync(IReadOnlyList<(int Local, int Remote)> ports, Func<TcpClient, int, int, Task> handle, Task connectionEnd, CancellationToken ct)
    {
        var listeners = new List<TcpListener>();
        try
        {
            var requestId = 0;
            var loops = new List<Task>();
            foreach (var (local, remote) in ports)
            {
                var listener = new TcpListener(IPAddress.Loopback, local);
                try
                {
                    listener.Start();
                }
                catch (SocketException e)
                {
                    throw new CtlException($"unable to listen on port {local}: {e.Message}");
                }

                listeners.Add(listener);
                var bound = ((IPEndPoint)listener.LocalEndpoint).Port;
                Console.Out.WriteLine($"Forwarding from 127.0.0.1:{bound} -> {remote}");
                loops.Add(AcceptLoopAsync(listener, remote, () => Interlocked.Increment(ref requestId), handle, ct));
            }

            Console.Out.Flush();
            await Task.WhenAny(Task.WhenAll(loops), connectionEnd);
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }

    private static async Task AcceptLoopAsync(TcpListener listener, int remote, Func<int> nextId, Func<TcpClient, int, int, Task> handle, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var socket = await listener.AcceptTcpClientAsync(ct);
            Console.Out.WriteLine($"Handling connection for {remote}");
            _ = handle(socket, remote, nextId());
        }
    }

    private static async Task HandleAsync(SpdyUpgrade client, TcpClient socket, int remote, int requestId, CancellationToken ct)
    {
        using (socket)
        {
            try
            {
                var port = remote.ToString(CultureInfo.InvariantCulture);
                var id = requestId.ToString(CultureInfo.InvariantCulture);
                var error = await client.OpenAsync(new SpdyHeaders { { "streamType", "error" }, { "port", port }, { "requestID", id } }, ct);
                var data = await client.OpenAsync(new SpdyHeaders { { "streamType", "data" }, { "port", port }, { "requestID", id } }, ct);
                var network = socket.GetStream();
                var errorText = ReadErrorAsync(error.Input, ct);
                var toPod = Task.Run(
                    async () =>
                    {
                        var buffer = new byte[16384];
                        int read;
                        while ((read = await network.ReadAsync(buffer, ct)) > 0)
                        {
                            await data.WriteAsync(buffer.AsMemory(0, read), ct);
                        }

                        await data.CloseWriteAsync(ct);
                    },
                    ct);
                await data.Input.CopyToAsync(network, ct);
                socket.Client.Shutdown(SocketShutdown.Send);
                await toPod.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if ((await errorText).Trim() is { Length: > 0 } message)
                {
                    Console.Error.WriteLine($"crisp ctl: an error occurred forwarding to {remote}: {message}");
                }
            }
            catch (Exception e) when (e is IOException or SocketException or SpdyStreamResetException or OperationCanceledException or InvalidOperationException or ObjectDisposedException)
            {
                Console.Error.WriteLine($"crisp ctl: connection for {remote} ended: {e.Message}");
            }
        }
    }

    private static async Task<string> ReadErrorAsync(Stream source, CancellationToken ct)
    {
        using var all = new MemoryStream();
        await source.CopyToAsync(all, ct);
        return Encoding.UTF8.GetString(all.ToArray());
    }
}
