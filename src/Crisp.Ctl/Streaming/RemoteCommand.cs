using System.Globalization;
using System.Text;
using System.Text.Json;
using Crisp.Cri.Streaming.Spdy;

namespace Crisp.Ctl.Streaming;

/// <summary>
/// An exec or attach session over SPDY as crictl (client-go remotecommand) runs it: error, stdin, stdout, stderr and
/// resize streams; the local terminal in raw mode with a tty, its size sent at the start and on SIGWINCH; the exit
/// code taken from the v4 Status object on the error stream.
/// </summary>
internal static class RemoteCommand
{
    private static readonly string[] _protocols = ["v4.channel.k8s.io", "v3.channel.k8s.io", "v2.channel.k8s.io", "channel.k8s.io"];

    public static async Task<int> RunAsync(string url, bool stdin, bool tty, CancellationToken ct)
    {
        await using var client = await SpdyUpgrade.ConnectAsync(url, _protocols, ct);
        var error = await Open(client, "error", ct);
        var input = stdin ? await Open(client, "stdin", ct) : null;
        var stdout = await Open(client, "stdout", ct);
        var stderr = tty ? null : await Open(client, "stderr", ct);
        var resize = tty ? await Open(client, "resize", ct) : null;

        Func<ushort, ushort, Task>? sendSize = resize is null
            ? null
            : (rows, columns) => resize.WriteAsync(Encoding.UTF8.GetBytes($"{{\"Width\":{columns},\"Height\":{rows}}}")).AsTask();
        using var session = await TerminalSession.StartAsync(stdin, tty, sendSize);
        if (input is not null)
        {
            _ = PumpStdinAsync(input);
        }

        var errorText = ReadAllAsync(error.Input, ct);
        var outPump = CopyAsync(stdout.Input, Console.OpenStandardOutput(), ct);
        var errPump = stderr is null ? Task.CompletedTask : CopyAsync(stderr.Input, Console.OpenStandardError(), ct);
        await Task.WhenAll(outPump, errPump);
        return ExitCode(await errorText);
    }

    /// <summary>0 for Success or nothing; the ExitCode cause of NonZeroExitCode; otherwise the message and 1.</summary>
    public static int ExitCode(string errorStream)
    {
        if (errorStream.Trim().Length == 0)
        {
            return 0;
        }

        try
        {
            using var status = JsonDocument.Parse(errorStream);
            var root = status.RootElement;
            if (root.TryGetProperty("status", out var s) && s.GetString() == "Success")
            {
                return 0;
            }

            if (root.TryGetProperty("reason", out var reason) && reason.GetString() == "NonZeroExitCode"
                && root.TryGetProperty("details", out var details) && details.TryGetProperty("causes", out var causes))
            {
                foreach (var cause in causes.EnumerateArray())
                {
                    if (cause.TryGetProperty("reason", out var r) && r.GetString() == "ExitCode"
                        && int.TryParse(cause.GetProperty("message").GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var code))
                    {
                        return code;
                    }
                }
            }

            throw new CtlException(root.TryGetProperty("message", out var m) ? m.GetString() ?? errorStream : errorStream);
        }
        catch (JsonException)
        {
            throw new CtlException(errorStream.Trim());
        }
    }

    private static async Task<SpdyStream> Open(SpdyUpgrade client, string type, CancellationToken ct) =>
        await client.OpenAsync(new SpdyHeaders { { "streamType", type } }, ct);

    private static async Task PumpStdinAsync(SpdyStream input)
    {
        try
        {
            await using var source = Console.OpenStandardInput();
            var buffer = new byte[8192];
            int read;
            while ((read = await source.ReadAsync(buffer)) > 0)
            {
                await input.WriteAsync(buffer.AsMemory(0, read));
            }

            await input.CloseWriteAsync();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SpdyStreamResetException or InvalidOperationException or OperationCanceledException)
        {
            // The session ended first.
        }
    }

    private static async Task<string> ReadAllAsync(Stream source, CancellationToken ct)
    {
        using var all = new MemoryStream();
        await source.CopyToAsync(all, ct);
        return Encoding.UTF8.GetString(all.ToArray());
    }

    private static async Task CopyAsync(Stream source, Stream target, CancellationToken ct)
    {
        var buffer = new byte[16384];
        int read;
        while ((read = await source.ReadAsync(buffer, ct)) > 0)
        {
            await target.WriteAsync(buffer.AsMemory(0, read), ct);
            await target.FlushAsync(ct);
        }
    }
}
