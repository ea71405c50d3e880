using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Crisp.Cri.Streaming.Spdy;

namespace Crisp.Ctl.Streaming;

/// <summary>
/// <c>portforward.k8s.io</c> over SPDY as crictl (client-go portforward) does it: a local listener per port; per
/// accepted connection an error stream and a data stream with the same <c>port</c> and <c>requestID</c> headers.
/// </summary>
internal static class PortForwarder
{
    public static async Task RunAsync(string url, IReadOnlyList<(int Local, int Remote)> ports, CancellationToken ct)
    {
        await using var client = await SpdyUpgrade.ConnectAsync(url, ["portforward.k8s.io"], ct);
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
                loops.Add(AcceptLoopAsync(client, listener, remote, () => Interlocked.Increment(ref requestId), ct));
            }

            Console.Out.Flush();
            await Task.WhenAny(Task.WhenAll(loops), client.Connection.Completion.WaitAsync(ct));
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }

    private static async Task AcceptLoopAsync(SpdyUpgrade client, TcpListener listener, int remote, Func<int> nextId, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var socket = await listener.AcceptTcpClientAsync(ct);
            Console.Out.WriteLine($"Handling connection for {remote}");
            _ = HandleAsync(client, socket, remote, nextId(), ct);
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
