using System.Security.Cryptography;

namespace Crisp.Storage.IO;

/// <summary>A read-only pass-through stream that hashes and counts every byte read through it.</summary>
internal sealed class HashingReadStream : Stream
{
    private readonly Stream _inner;
    private readonly IncrementalHash _hash;
    private readonly string _algorithm;
    private readonly bool _leaveOpen;

    public HashingReadStream(Stream inner, HashAlgorithmName algorithm, bool leaveOpen)
    {
        _inner = inner;
        _hash = IncrementalHash.CreateHash(algorithm);
        _algorithm = algorithm.Name!.ToLowerInvariant();
        _leaveOpen = leaveOpen;
    }

    public long BytesRead { get; private set; }

    /// <summary>"algorithm:hex" of everything read so far.</summary>
    public string Digest => _algorithm + ":" + Convert.ToHexStringLower(_hash.GetCurrentHash());

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = _inner.Read(buffer);
        if (n > 0)
        {
            _hash.AppendData(buffer[..n]);
            BytesRead += n;
        }

        return n;
    }

    /// <summary>Reads (and hashes) whatever is left, e.g. the padding after a tar's end-of-archive blocks.</summary>
    public void DrainToEnd()
    {
        var buffer = new byte[64 * 1024];
        while (Read(buffer) > 0)
        {
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
            if (!_leaveOpen)
            {
                _inner.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}
