namespace Crisp.Cri.Streaming.Spdy;

/// <summary>A write-only <see cref="Stream"/> over a SPDY stream's sending side; disposing it sends FIN.</summary>
internal sealed class SpdyWriteStream(SpdyStream stream) : WriteOnlyStream
{
    protected override ValueTask SendAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken) =>
        stream.WriteAsync(buffer, cancellationToken);

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await stream.CloseWriteAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or SpdyStreamResetException)
        {
            // The stream is gone already.
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }
}
