using System.CommandLine;

namespace Crisp.Ctl.Streaming;

/// <summary>crictl's <c>--transport spdy|websocket</c> for exec and attach, and the session each one runs.</summary>
internal static class StreamTransport
{
    public static Option<string> CreateOption()
    {
        var transport = new Option<string>("--transport") { Description = "Transport for streaming: spdy or websocket", DefaultValueFactory = _ => "spdy" };
        transport.AcceptOnlyFromAmong("spdy", "websocket");
        return transport;
    }

    /// <summary>Runs the exec or attach session at <paramref name="url"/>; returns the remote exit code.</summary>
    public static Task<int> RunAsync(string transport, string url, bool stdin, bool tty, CancellationToken ct) =>
        transport == "websocket"
            ? WebSocketRemoteCommand.RunAsync(url, stdin, tty, ct)
            : RemoteCommand.RunAsync(url, stdin, tty, ct);
}
