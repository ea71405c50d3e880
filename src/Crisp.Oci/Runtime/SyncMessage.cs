using System.Text;
using System.Text.Json;
using Crisp.Linux;
using Microsoft.Win32.SafeHandles;

namespace Crisp.Oci.Runtime;

/// <summary>
/// One JSON line conmon writes on its sync pipe (fd 3): <c>{"data": 1234}</c> with <c>--api-version</c>
/// (<c>"pid"</c> or <c>"exit_code"</c> without it) and, on failure, <c>{"data": -1, "message": "…runc's stderr…"}</c>.
/// </summary>
internal readonly record struct SyncMessage(int Data, string? Message)
{
    public static SyncMessage Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        int? data = null;
        string? message = null;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new FormatException($"conmon sync message is not a JSON object: {Encoding.UTF8.GetString(json)}");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "data" or "pid" or "exit_code" when reader.TokenType == JsonTokenType.Number:
                    data = reader.GetInt32();
                    break;
                case "message" when reader.TokenType == JsonTokenType.String:
                    message = reader.GetString();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return data is { } value ? new SyncMessage(value, message) : throw new FormatException($"conmon sync message has no data: {Encoding.UTF8.GetString(json)}");
    }

    /// <summary>
    /// Reads the first line from the sync pipe on a dedicated thread. Null when conmon closed the pipe without
    /// writing one; <see cref="TimeoutException"/> when nothing came within <paramref name="timeout"/>.
    /// </summary>
    public static Task<SyncMessage?> ReadAsync(SafeFileHandle pipe, TimeSpan timeout, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => Read(pipe, timeout, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static SyncMessage? Read(SafeFileHandle pipe, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var slice = TimeSpan.FromMilliseconds(200);
        var deadline = DateTime.UtcNow + timeout;
        var line = new List<byte>();
        var buffer = new byte[4096];
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException();
            }

            if (!Pipes.WaitReadable(pipe, remaining < slice ? remaining : slice))
            {
                continue;
            }

            var read = Pipes.Read(pipe, buffer);
            var newline = Array.IndexOf(buffer, (byte)'\n', 0, read);
            line.AddRange(buffer.AsSpan(0, newline < 0 ? read : newline));
            if (newline >= 0 || read == 0)
            {
                var text = line.ToArray().AsSpan().Trim(" \r\t"u8);
                return text.IsEmpty ? null : Parse(text);
            }
        }
    }
}
