namespace Crisp.Cri.Streaming.Remote;

/// <summary>The remote-command channels of the WebSocket protocols: 0 stdin, 1 stdout, 2 stderr, 3 error, 4 resize.</summary>
internal static class WebSocketStreams
{
    public const int Stdin = 0;
    public const int Stdout = 1;
    public const int Stderr = 2;
    public const int Error = 3;
    public const int Resize = 4;

    public static RemoteStreams For(WebSocketChannels channels, string protocol, StreamRequest request)
    {
        var (stdin, stdout, stderr, tty) = StreamHandlers.Streams(request);
        var statusObject = WebSocketChannels.SendsStatusObject(protocol);
        return new RemoteStreams
        {
            Stdin = stdin ? channels.Reader(Stdin) : null,
            Stdout = stdout ? channels.Writer(Stdout) : null,
            Stderr = stderr && !tty ? channels.Writer(Stderr) : null,
            Resize = tty ? channels.Reader(Resize) : null,
            ReportAsync = (exitCode, error) => Report(channels, statusObject, exitCode, error),
        };
    }

    private static Task Report(WebSocketChannels channels, bool statusObject, int? exitCode, string? error) =>
        ExitStatusJson.Payload(statusObject, exitCode, error) is { } message
            ? channels.SendAsync(Error, message, CancellationToken.None)
            : Task.CompletedTask;
}
