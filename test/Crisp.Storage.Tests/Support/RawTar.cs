using System.Text;

namespace Crisp.Storage.Tests.Support;

/// <summary>Hand-written tar blocks, for what System.Formats.Tar cannot write.</summary>
internal static class RawTar
{
    /// <summary>A ustar header block with a correct checksum.</summary>
    public static byte[] Header(byte[] name, char type, long size, int mode = 0x1A4, int uid = 0, int gid = 0, long mtime = 0, byte[]? linkName = null)
    {
        var header = new byte[512];
        name.CopyTo(header, 0);
        Octal(header, 100, 8, mode);
        Octal(header, 108, 8, uid);
        Octal(header, 116, 8, gid);
        Octal(header, 124, 12, size);
        Octal(header, 136, 12, mtime);
        header[156] = (byte)type;
        linkName?.CopyTo(header, 157);
        "ustar\0"u8.CopyTo(header.AsSpan(257));
        "00"u8.CopyTo(header.AsSpan(263));
        header.AsSpan(148, 8).Fill((byte)' ');
        var sum = header.Sum(b => (int)b);
        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(header, 148);
        return header;
    }

    /// <summary>A PAX extended header ('x') with its records, padded to whole blocks.</summary>
    public static byte[] PaxHeader(IEnumerable<(string Key, byte[] Value)> records)
    {
        var data = new MemoryStream();
        foreach (var (key, value) in records)
        {
            data.Write(Record(key, value));
        }

        var bytes = data.ToArray();
        return [.. Header("PaxHeaders.0/entry"u8.ToArray(), 'x', bytes.Length), .. Pad(bytes)];
    }

    /// <summary>One "LEN KEY=VALUE\n" record; LEN counts itself.</summary>
    public static byte[] Record(string key, byte[] value)
    {
        var body = Encoding.UTF8.GetByteCount(key) + value.Length + 3;
        var length = body + 1;
        while (length.ToString(System.Globalization.CultureInfo.InvariantCulture).Length + body != length)
        {
            length++;
        }

        return [.. Encoding.ASCII.GetBytes($"{length} {key}="), .. value, (byte)'\n'];
    }

    public static byte[] Pad(byte[] data)
    {
        var padded = new byte[(data.Length + 511) / 512 * 512];
        data.CopyTo(padded, 0);
        return padded;
    }

    /// <summary>The two zero blocks that end an archive.</summary>
    public static byte[] End() => new byte[1024];

    private static void Octal(byte[] header, int offset, int length, long value) =>
        Encoding.ASCII.GetBytes(Convert.ToString(value, 8).PadLeft(length - 1, '0') + "\0").CopyTo(header, offset);
}
