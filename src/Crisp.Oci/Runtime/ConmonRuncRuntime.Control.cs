using System.Globalization;
using System.Text;
using Crisp.Linux;

namespace Crisp.Oci.Runtime;

public sealed partial class ConmonRuncRuntime
{
    /// <summary>conmon's control fifo message types (config.h: WIN_RESIZE_EVENT, REOPEN_LOGS_EVENT).</summary>
    private const int ResizeEvent = 1;
    private const int ReopenLogsEvent = 2;

    private static readonly TimeSpan _reopenPatience = TimeSpan.FromSeconds(10);

    public async Task ReopenLogAsync(string id, string logPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(logPath);
        await SendControlAsync(id, ReopenLogsEvent, 0, 0, cancellationToken).ConfigureAwait(false);

        // conmon reopens by creating "<log>.tmp" and renaming it over the log path.
        var until = _timeProvider.GetUtcNow() + _reopenPatience;
        while (!File.Exists(logPath))
        {
            if (_timeProvider.GetUtcNow() > until)
            {
                throw new OciRuntimeException(id, "reopen log", $"conmon did not reopen the log file {logPath} within {_reopenPatience}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task ResizeTerminalAsync(string id, ushort width, ushort height, CancellationToken cancellationToken = default) =>
        SendControlAsync(id, ResizeEvent, height, width, cancellationToken);

    /// <summary>Writes "&lt;type&gt; &lt;height&gt; &lt;width&gt;\n" to <c>&lt;bundle&gt;/ctl</c>, the fifo conmon reads.</summary>
    private async Task SendControlAsync(string id, int type, int height, int width, CancellationToken cancellationToken)
    {
        var state = await StateAsync(ValidateId(id), cancellationToken).ConfigureAwait(false)
            ?? throw new OciRuntimeException(id, "control", $"container {id} does not exist", notFound: true);
        var fifo = Path.Combine(state.Bundle, "ctl");
        using var writer = Fifos.TryOpenWriter(fifo)
            ?? throw new OciRuntimeException(id, "control", $"conmon of container {id} is not running (nobody reads {fifo})", notFound: true);
        Pipes.WriteAll(writer, Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{type} {height} {width}\n")));
    }
}
