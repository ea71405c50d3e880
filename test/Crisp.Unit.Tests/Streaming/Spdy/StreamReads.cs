namespace Crisp.Unit.Tests.Streaming.Spdy;

internal static class StreamReads
{
    /// <summary>One read of up to <paramref name="size"/> bytes; returns how many arrived (0 at the end).</summary>
    public static async Task<int> ReadOnceAsync(this Stream stream, CancellationToken token, int size = 64)
    {
        var buffer = new byte[size];
        return await stream.ReadAsync(buffer, token);
    }
}
