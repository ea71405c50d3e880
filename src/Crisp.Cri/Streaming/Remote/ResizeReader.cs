using System.Text.Json;

namespace Crisp.Cri.Streaming.Remote;

/// <summary>
/// Reads the resize stream: JSON objects <c>{"Width":W,"Height":H}</c> one after another (as Go's json.Encoder writes
/// them, newline-separated or not). A malformed object is skipped; an oversized one ends the stream.
/// </summary>
internal static class ResizeReader
{
    private const int MaxObjectBytes = 4096;

    public static async IAsyncEnumerable<ResizeEvent> ReadAsync(Stream stream, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = new byte[1024];
        var pending = new List<byte>();
        var depth = 0;
        var inString = false;
        var escaped = false;
        while (true)
        {
            int read;
            try
            {
                read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException)
            {
                yield break;
            }

            if (read == 0)
            {
                yield break;
            }

            for (var i = 0; i < read; i++)
            {
                var b = buffer[i];
                if (depth == 0 && b != (byte)'{')
                {
                    continue;
                }

                pending.Add(b);
                if (inString)
                {
                    escaped = !escaped && b == (byte)'\\';
                    inString = escaped || b != (byte)'"';
                    continue;
                }

                switch (b)
                {
                    case (byte)'"':
                        inString = true;
                        break;
                    case (byte)'{':
                        depth++;
                        break;
                    case (byte)'}':
                        depth--;
                        break;
                }

                if (pending.Count > MaxObjectBytes)
                {
                    yield break;
                }

                if (depth == 0 && TryParse(pending) is { } size)
                {
                    yield return size;
                }

                if (depth == 0)
                {
                    pending.Clear();
                }
            }
        }
    }

    private static ResizeEvent? TryParse(List<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize(json.ToArray(), StatusJsonContext.Default.ResizeEvent);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
