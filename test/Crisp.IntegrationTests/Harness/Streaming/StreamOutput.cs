using System.Text;

namespace Crisp.IntegrationTests.Harness.Streaming;

/// <summary>
/// The bytes one stream or channel delivered so far, as a client receives them; tests wait for some text to appear
/// or for the end (the server closed the stream or the connection ended).
/// </summary>
public sealed class StreamOutput
{
    private readonly Lock _gate = new();
    private readonly MemoryStream _bytes = new();
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Everything received so far.</summary>
    public byte[] Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes.ToArray();
            }
        }
    }

    /// <summary>Everything received so far, as UTF-8.</summary>
    public string Text => Encoding.UTF8.GetString(Bytes);

    /// <summary>Completes when the stream ended (end of file, reset or the connection closed).</summary>
    public Task Ended => _ended.Task;

    /// <summary>Why the stream ended when it was not a clean end of file (for messages).</summary>
    public Exception? Failure { get; private set; }

    public void Append(ReadOnlySpan<byte> data)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _bytes.Write(data);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    public void End(Exception? failure = null)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            Failure ??= failure;
            changed = _changed;
        }

        _ended.TrySetResult();
        changed.TrySetResult();
    }

    /// <summary>Waits until the text received contains <paramref name="text"/>; fails if the stream ends first.</summary>
    public async Task WaitForAsync(string text, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
            }

            if (Text.Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            if (_ended.Task.IsCompleted)
            {
                throw new InvalidOperationException($"the stream ended ({Failure?.Message ?? "end of file"}) without \"{text}\"; it had: \"{Text}\"");
            }

            try
            {
                await changed.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"\"{text}\" did not arrive in time; the stream had: \"{Text}\"");
            }
        }
    }

    /// <summary>Waits for the end of the stream; returns its text.</summary>
    public async Task<string> ReadToEndAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _ended.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the stream did not end in time; it had: \"{Text}\"");
        }

        return Text;
    }

    /// <summary>Copies <paramref name="from"/> into <paramref name="to"/> until end of file or failure, then ends it.</summary>
    public static async Task PumpAsync(Stream from, StreamOutput to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer)) > 0)
            {
                to.Append(buffer.AsSpan(0, read));
            }

            to.End();
        }
        catch (Exception e)
        {
            to.End(e);
        }
    }
}
