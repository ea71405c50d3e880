using Crisp.Cri.Streaming.Spdy;

namespace Crisp.Cri.Streaming.Remote;

/// <summary>
/// The remote-command protocols over SPDY (<c>v4.channel.k8s.io</c> … <c>channel.k8s.io</c>): the client opens one stream
/// per <c>streamType</c> header — error, stdin, stdout, stderr, resize — and the server answers each; once all the
/// request's streams are there the command runs, and its outcome goes to the error stream.
/// </summary>
internal static class SpdyRemoteCommand
{
    public static readonly IReadOnlyList<string> Protocols = ["v4.channel.k8s.io", "v3.channel.k8s.io", "v2.channel.k8s.io", "channel.k8s.io"];

    /// <summary>How long the client gets to open its streams (the kubelet allows 30 s too).</summary>
    private static readonly TimeSpan _streamCreation = TimeSpan.FromSeconds(30);

    /// <summary>Collects the client's streams; null when they did not all arrive in time or the connection ended.</summary>
    public static async Task<RemoteStreams?> AcceptAsync(SpdyConnection connection, string protocol, bool stdin, bool stdout, bool stderr, bool tty, CancellationToken cancellationToken)
    {
        var expected = new HashSet<string>(StringComparer.Ordinal) { "error" };
        AddIf(expected, stdin, "stdin");
        AddIf(expected, stdout, "stdout");
        AddIf(expected, stderr && !tty, "stderr");
        var resizeExpected = tty && protocol is "v4.channel.k8s.io" or "v3.channel.k8s.io";
        AddIf(expected, resizeExpected, "resize");
        var streams = new Dictionary<string, SpdyStream>(StringComparer.Ordinal);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_streamCreation);
        try
        {
            while (!expected.IsSubsetOf(streams.Keys))
            {
                var stream = await connection.AcceptStreamAsync(deadline.Token).ConfigureAwait(false);
                if (stream is null)
                {
                    return null;
                }

                var type = stream.Headers["streamtype"] ?? "";
                await stream.ReplyAsync(cancellationToken: deadline.Token).ConfigureAwait(false);
                streams[type] = stream;
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        var error = streams["error"];
        var statusObject = protocol == "v4.channel.k8s.io";
        return new RemoteStreams
        {
            Stdin = streams.GetValueOrDefault("stdin")?.Input,
            Stdout = streams.TryGetValue("stdout", out var o) ? new SpdyWriteStream(o) : null,
            Stderr = streams.TryGetValue("stderr", out var e) ? new SpdyWriteStream(e) : null,
            Resize = streams.GetValueOrDefault("resize")?.Input,
            ReportAsync = (exitCode, message) => ReportAsync(error, statusObject, exitCode, message),
        };
    }

    private static void AddIf(HashSet<string> set, bool condition, string name)
    {
        if (condition)
        {
            set.Add(name);
        }
    }

    private static async Task ReportAsync(SpdyStream error, bool statusObject, int? exitCode, string? message)
    {
        var payload = ExitStatusJson.Payload(statusObject, exitCode, message);
        try
        {
            if (payload is not null)
            {
                await error.WriteAsync(payload).ConfigureAwait(false);
            }

            await error.CloseWriteAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or SpdyStreamResetException)
        {
            // The client is gone.
        }
    }
}
