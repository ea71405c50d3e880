using System.Text;
using Crisp.Linux;

namespace Crisp.Storage.Tar;

/// <summary>
/// A forward-only tar reader for layer streams: ustar, GNU (long names, base-256 numbers) and PAX
/// (local and global headers, raw-byte xattr values). It never seeks, so it works on a decompressing
/// network stream; entry data is read with <see cref="ReadData"/> and any unread rest is skipped.
/// </summary>
internal sealed class TarStreamReader
{
    private const int BlockSize = 512;
    private const int MaxMetadataSize = 8 << 20;
    private const string SchilyXattr = "SCHILY.xattr.";
    private const string LibarchiveXattr = "LIBARCHIVE.xattr.";

    private readonly Stream _stream;
    private readonly byte[] _block = new byte[BlockSize];
    private readonly Dictionary<string, byte[]> _global = new(StringComparer.Ordinal);
    private long _remaining;
    private long _padding;
    private long _offset;
    private string _current = "";

    public TarStreamReader(Stream stream)
    {
        _stream = stream;
    }

    /// <summary>The next member, or null at the end of the archive.</summary>
    public TarEntry? Next()
    {
        SkipRest();
        Dictionary<string, byte[]>? pax = null;
        byte[]? longName = null;
        byte[]? longLink = null;
        while (true)
        {
            var headerOffset = _offset;
            if (!ReadBlock(allowEnd: true))
            {
                return pax is null && longName is null && longLink is null
                    ? null
                    : throw new LayerFormatException($"archive ends after an extension header at offset {headerOffset}");
            }

            if (!_block.AsSpan().ContainsAnyExcept((byte)0))
            {
                // End of archive: a second zero block (or the end of the stream) must follow.
                if (!ReadBlock(allowEnd: true) || !_block.AsSpan().ContainsAnyExcept((byte)0))
                {
                    return null;
                }

                throw new LayerFormatException($"data after a zero block at offset {headerOffset}");
            }

            VerifyChecksum(headerOffset);
            var typeFlag = _block[156];
            var size = TarNumbers.ParseField(_block.AsSpan(124, 12));
            if (size < 0)
            {
                throw new LayerFormatException($"negative size in the header at offset {headerOffset}");
            }

            switch (typeFlag)
            {
                case (byte)'x':
                    pax ??= new Dictionary<string, byte[]>(StringComparer.Ordinal);
                    PaxRecords.Parse(ReadMetadata(size, "PAX header"), pax);
                    continue;
                case (byte)'g':
                    var global = new Dictionary<string, byte[]>(StringComparer.Ordinal);
                    PaxRecords.Parse(ReadMetadata(size, "PAX global header"), global);
                    foreach (var (key, value) in global)
                    {
                        if (value.Length == 0)
                        {
                            _global.Remove(key);
                        }
                        else
                        {
                            _global[key] = value;
                        }
                    }

                    continue;
                case (byte)'L':
                    longName = TrimNul(ReadMetadata(size, "GNU long name"));
                    continue;
                case (byte)'K':
                    longLink = TrimNul(ReadMetadata(size, "GNU long link name"));
                    continue;
                case (byte)'V':
                    BeginData(size);
                    SkipRest();
                    continue;
                default:
                    var entry = BuildEntry(typeFlag, size, pax, longName, longLink);
                    _current = entry.DisplayName;
                    // As in Go's archive/tar, link, symlink, device, directory and FIFO headers carry no data.
                    BeginData(typeFlag is (byte)'1' or (byte)'2' or (byte)'3' or (byte)'4' or (byte)'5' or (byte)'6' ? 0 : entry.Size);
                    return entry;
            }
        }
    }

    /// <summary>Reads the current member's data; 0 once it is all read.</summary>
    public int ReadData(Span<byte> buffer)
    {
        if (_remaining == 0)
        {
            return 0;
        }

        var n = _stream.Read(buffer[..(int)Math.Min(buffer.Length, _remaining)]);
        if (n == 0)
        {
            throw new LayerFormatException($"archive truncated in the data of '{_current}'");
        }

        _remaining -= n;
        _offset += n;
        return n;
    }

    private TarEntry BuildEntry(byte typeFlag, long headerSize, Dictionary<string, byte[]>? localPax, byte[]? longName, byte[]? longLink)
    {
        var header = _block.AsSpan();
        var magic = header[257..265];
        var isUstar = magic.StartsWith("ustar\0"u8);
        var isGnu = magic.SequenceEqual("ustar  \0"u8);

        var name = longName ?? CString(header[..100]).ToArray();
        if (longName is null && isUstar)
        {
            var prefix = CString(header[345..500]);
            if (!prefix.IsEmpty)
            {
                name = [.. prefix, (byte)'/', .. name];
            }
        }

        var pax = localPax is null && _global.Count == 0 ? null : Merge(localPax);
        var linkName = longLink ?? CString(header[157..257]).ToArray();
        var size = headerSize;
        var uid = TarNumbers.ParseField(header[108..116]);
        var gid = TarNumbers.ParseField(header[116..124]);
        var mtime = new FileTimestamp(TarNumbers.ParseField(header[136..148]), 0);
        FileTimestamp? atime = null;
        if (isGnu && header[345] != 0)
        {
            atime = new FileTimestamp(TarNumbers.ParseField(header[345..357]), 0);
        }

        long devMajor = isUstar || isGnu ? TarNumbers.ParseField(header[329..337]) : 0;
        long devMinor = isUstar || isGnu ? TarNumbers.ParseField(header[337..345]) : 0;
        var xattrs = new List<KeyValuePair<string, byte[]>>();

        if (pax is not null)
        {
            foreach (var (key, value) in pax)
            {
                switch (key)
                {
                    case "path":
                        name = value;
                        break;
                    case "linkpath":
                        linkName = value;
                        break;
                    case "size":
                        size = TarNumbers.ParseDecimal(value, key);
                        break;
                    case "uid":
                        uid = TarNumbers.ParseDecimal(value, key);
                        break;
                    case "gid":
                        gid = TarNumbers.ParseDecimal(value, key);
                        break;
                    case "mtime":
                        mtime = TarNumbers.ParseTime(value, key);
                        break;
                    case "atime":
                        atime = TarNumbers.ParseTime(value, key);
                        break;
                    case "SCHILY.devmajor":
                        devMajor = TarNumbers.ParseDecimal(value, key);
                        break;
                    case "SCHILY.devminor":
                        devMinor = TarNumbers.ParseDecimal(value, key);
                        break;
                    default:
                        if (key.StartsWith(SchilyXattr, StringComparison.Ordinal) && key.Length > SchilyXattr.Length)
                        {
                            xattrs.Add(new(key[SchilyXattr.Length..], value));
                        }
                        else if (key.StartsWith(LibarchiveXattr, StringComparison.Ordinal) && key.Length > LibarchiveXattr.Length)
                        {
                            xattrs.Add(new(Uri.UnescapeDataString(key[LibarchiveXattr.Length..]), DecodeBase64(value, key)));
                        }
                        else if (key.StartsWith("GNU.sparse.", StringComparison.Ordinal))
                        {
                            throw new LayerFormatException("sparse (GNU.sparse) entries are not supported", Encoding.UTF8.GetString(name));
                        }

                        break;
                }
            }
        }

        var display = Encoding.UTF8.GetString(name);
        var type = typeFlag switch
        {
            (byte)'0' or 0 or (byte)'7' => name.Length > 0 && name[^1] == (byte)'/' ? TarEntryType.Directory : TarEntryType.Regular,
            (byte)'1' => TarEntryType.HardLink,
            (byte)'2' => TarEntryType.Symlink,
            (byte)'3' => TarEntryType.CharDevice,
            (byte)'4' => TarEntryType.BlockDevice,
            (byte)'5' or (byte)'D' => TarEntryType.Directory,
            (byte)'6' => TarEntryType.Fifo,
            (byte)'S' => throw new LayerFormatException("GNU sparse entries are not supported", display),
            _ => throw new LayerFormatException($"unsupported tar entry type '{(char)typeFlag}'", display),
        };

        if (uid is < 0 or > uint.MaxValue || gid is < 0 or > uint.MaxValue)
        {
            throw new LayerFormatException($"uid/gid {uid}/{gid} out of range", display);
        }

        if (devMajor is < 0 or > uint.MaxValue || devMinor is < 0 or > uint.MaxValue)
        {
            throw new LayerFormatException($"device number {devMajor}:{devMinor} out of range", display);
        }

        return new TarEntry
        {
            Name = name,
            LinkName = linkName,
            Type = type,
            Mode = (uint)(TarNumbers.ParseField(header[100..108]) & 0xFFF),
            Uid = (uint)uid,
            Gid = (uint)gid,
            Size = size,
            ModificationTime = mtime,
            AccessTime = atime,
            DeviceMajor = (uint)devMajor,
            DeviceMinor = (uint)devMinor,
            Xattrs = xattrs,
        };
    }

    private Dictionary<string, byte[]> Merge(Dictionary<string, byte[]>? local)
    {
        var merged = new Dictionary<string, byte[]>(_global, StringComparer.Ordinal);
        if (local is not null)
        {
            foreach (var (key, value) in local)
            {
                if (value.Length == 0)
                {
                    merged.Remove(key);
                }
                else
                {
                    merged[key] = value;
                }
            }
        }

        return merged;
    }

    private void VerifyChecksum(long headerOffset)
    {
        long stored;
        try
        {
            stored = TarNumbers.ParseField(_block.AsSpan(148, 8));
        }
        catch (LayerFormatException)
        {
            stored = -1;
        }

        long unsignedSum = 0;
        long signedSum = 0;
        for (var i = 0; i < BlockSize; i++)
        {
            var b = i is >= 148 and < 156 ? (byte)' ' : _block[i];
            unsignedSum += b;
            signedSum += (sbyte)b;
        }

        if (stored != unsignedSum && stored != signedSum)
        {
            throw new LayerFormatException($"tar header checksum mismatch at offset {headerOffset} (not a tar stream, or corrupt)");
        }
    }

    private byte[] ReadMetadata(long size, string what)
    {
        if (size > MaxMetadataSize)
        {
            throw new LayerFormatException($"{what} of {size} bytes exceeds the {MaxMetadataSize}-byte limit");
        }

        BeginData(size);
        var data = new byte[size];
        var read = 0;
        while (read < data.Length)
        {
            read += ReadData(data.AsSpan(read));
        }

        SkipRest();
        return data;
    }

    private void BeginData(long size)
    {
        _remaining = size;
        _padding = (BlockSize - (size % BlockSize)) % BlockSize;
    }

    private void SkipRest()
    {
        var toSkip = _remaining + _padding;
        _remaining = 0;
        _padding = 0;
        if (toSkip == 0)
        {
            return;
        }

        var buffer = new byte[(int)Math.Min(toSkip, 64 * 1024)];
        while (toSkip > 0)
        {
            var n = _stream.Read(buffer.AsSpan(0, (int)Math.Min(buffer.Length, toSkip)));
            if (n == 0)
            {
                throw new LayerFormatException($"archive truncated after '{_current}'");
            }

            toSkip -= n;
            _offset += n;
        }
    }

    private bool ReadBlock(bool allowEnd)
    {
        var read = 0;
        while (read < BlockSize)
        {
            var n = _stream.Read(_block.AsSpan(read));
            if (n == 0)
            {
                if (read == 0 && allowEnd)
                {
                    return false;
                }

                throw new LayerFormatException($"archive truncated inside a header at offset {_offset + read}");
            }

            read += n;
        }

        _offset += BlockSize;
        return true;
    }

    private static ReadOnlySpan<byte> CString(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        return end < 0 ? field : field[..end];
    }

    private static byte[] TrimNul(byte[] data) => CString(data).ToArray();

    private static byte[] DecodeBase64(byte[] value, string key)
    {
        try
        {
            return Convert.FromBase64String(Encoding.ASCII.GetString(value));
        }
        catch (FormatException e)
        {
            throw new LayerFormatException($"invalid base64 in PAX {key}", innerException: e);
        }
    }
}
