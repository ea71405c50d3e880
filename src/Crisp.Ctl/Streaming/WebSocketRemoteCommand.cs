using System.Net.WebSockets;
using System.Text;

namespace Crisp.Ctl.Streaming;

/// <summary>
/// An exec or attach session over a WebSocket (<c>--transport websocket</c>): the <c>v5.channel.k8s.io</c> (or v4)
/// protocol, every message prefixed by its channel — 0 stdin, 1 stdout, 2 stderr, 3 error, 4 resize, 255 close (v5).
/// </summary>
internal static class WebSocketRemoteCommand
{
    public static async Task<int> RunAsync(string url, bool stdin, bool tty, CancellationToken ct)
    {
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("v5.channel.k8s.io");
        socket.Options.AddSubProtocol("v4.channel.k8s.io");
        var uri = new UriBuilder(url) { Scheme = url.StartsWith("https:", StringComparison.Ordinal) ? "wss" : "ws" }.Uri;
        try
        {
            await socket.ConnectAsync(uri, ct);
        }
        catch (WebSocketException e)
        {
            throw new CtlException($"connect to the streaming server {uri.Authority}: {e.Message}");
        }

        var v5 = socket.SubProtocol == "v5.channel.k8s.io";
        using var send = new SemaphoreSlim(1, 1);
        async Task SendAsync(byte channel, ReadOnlyMemory<byte> data)
        {
            var frame = new byte[data.Length + 1];
            frame[0] = channel;
            data.CopyTo(frame.AsMemory(1));
            await send.WaitAsync(ct);
            try
            {
                await socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, ct);
            }
            finally
            {
                send.Release();
            }
        }

        using var session = await TerminalSession.StartAsync(stdin, tty, (rows, columns) => SendAsync(4, Encoding.UTF8.GetBytes($"{{\"Width\":{columns},\"Height\":{rows}}}")));
        if (stdin)
        {
            _ = Task.Run(
                async () =>
                {
                    try
                    {
                        await using var source = Console.OpenStandardInput();
                        var buffer = new byte[8192];
                        int read;
                        while ((read = await source.ReadAsync(buffer, ct)) > 0)
                        {
                            await SendAsync(0, buffer.AsMemory(0, read));
                        }

                        if (v5)
                        {
                            await SendAsync(255, new byte[] { 0 });
                        }
                    }
                    catch (Exception e) when (e is IOException or WebSocketException or ObjectDisposedException or OperationCanceledException)
                    {
                        // The session ended first.
                    }
                },
                ct);
        }

        var error = new MemoryStream();
        await using var stdout = Console.OpenStandardOutput();
        await using var stderr = Console.OpenStandardError();
        var message = new MemoryStream();
        var chunk = new byte[16384];
        while (socket.State == WebSocketState.Open)
        {
            WebSocketReceiveResult result;
            try
            {
                result = await socket.ReceiveAsync(chunk, ct);
            }
            catch (WebSocketException)
            {
                break;
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                break;
            }

            message.Write(chunk, 0, result.Count);
            if (!result.EndOfMessage)
            {
                continue;
            }

            var bytes = message.ToArray();
            message.SetLength(0);
            if (bytes.Length < 2)
            {
                continue;
            }

            var target = bytes[0] switch { 1 => stdout, 2 => stderr, 3 => error, _ => null };
            if (target is not null)
            {
                await target.WriteAsync(bytes.AsMemory(1), ct);
                await target.FlushAsync(ct);
            }
        }

        return RemoteCommand.ExitCode(Encoding.UTF8.GetString(error.ToArray()));
    }
}
