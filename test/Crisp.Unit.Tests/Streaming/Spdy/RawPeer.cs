using System.Buffers;
using Crisp.Cri.Streaming.Spdy;

namespace Crisp.Unit.Tests.Streaming.Spdy;

/// <summary>
/// A hand-driven SPDY peer for tests: writes exactly the bytes it is given and reads frames one by one,
/// with its own header compression contexts. By default it behaves like moby/spdystream: no SETTINGS, no
/// WINDOW_UPDATE.
/// </summary>
internal sealed class RawPeer : IAsyncDisposable
{
    private readonly Stream _transport;
    private readonly SpdyHeaderCompressor _compressor = new();
    private readonly SpdyHeaderDecompressor _decompressor = new(1024 * 1024);

    public RawPeer(Stream transport)
    {
        _transport = transport;
    }

    public async Task SendAsync(byte[] bytes, CancellationToken token)
    {
        await _transport.WriteAsync(bytes, token);
        await _transport.FlushAsync(token);
    }

    public Task SendSynStreamAsync(uint streamId, SpdyHeaders headers, byte flags, CancellationToken token) =>
        SendAsync(SpdyFrames.SynStream(streamId, 0, 0, flags, Compress(headers)), token);

    public Task SendDataAsync(uint streamId, byte[] data, bool fin, CancellationToken token)
    {
        var frame = SpdyFrames.RentData(streamId, fin ? SpdyFrames.FlagFin : (byte)0, data, out var length);
        var copy = frame.AsSpan(0, length).ToArray();
        ArrayPool<byte>.Shared.Return(frame);
        return SendAsync(copy, token);
    }

    public byte[] Compress(SpdyHeaders headers)
    {
        var output = new ArrayBufferWriter<byte>();
        _compressor.Compress(headers, output);
        return output.WrittenSpan.ToArray();
    }

    public SpdyHeaders Decompress(ReadOnlySpan<byte> block) => _decompressor.Decompress(block);

    /// <summary>The next frame, or null at end of stream.</summary>
    public async Task<RawFrame?> ReadFrameAsync(CancellationToken token)
    {
        var header = new byte[SpdyFrameHeader.Size];
        var read = await _transport.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, token);
        if (read == 0)
        {
            return null;
        }

        if (read < header.Length)
        {
            throw new EndOfStreamException("truncated frame header");
        }

        var parsed = SpdyFrameHeader.Parse(header);
        var payload = new byte[parsed.Length];
        await _transport.ReadExactlyAsync(payload, token);
        return new RawFrame(parsed, payload);
    }

    /// <summary>Reads frames until one matches; null when the stream ends first.</summary>
    public async Task<RawFrame?> ReadUntilAsync(Func<RawFrame, bool> match, CancellationToken token)
    {
        while (await ReadFrameAsync(token) is { } frame)
        {
            if (match(frame))
            {
                return frame;
            }
        }

        return null;
    }

    /// <summary>Reads (and counts) frames until the transport ends; returns every frame seen.</summary>
    public async Task<List<RawFrame>> ReadToEndAsync(CancellationToken token)
    {
        var frames = new List<RawFrame>();
        while (await ReadFrameAsync(token) is { } frame)
        {
            frames.Add(frame);
        }

        return frames;
    }

    public async ValueTask DisposeAsync()
    {
        await _transport.DisposeAsync();
        _compressor.Dispose();
        _decompressor.Dispose();
    }
}

internal sealed record RawFrame(SpdyFrameHeader Header, byte[] Payload)
{
    public bool Is(SpdyFrameType type) => Header.IsControl && Header.Type == type;

    public bool IsData => !Header.IsControl;
}
