using System.Text;
using Crisp.Linux;

namespace Crisp.Storage.Tar;

/// <summary>Numeric fields: octal or base-256 header fields, and PAX decimal and time values.</summary>
internal static class TarNumbers
{
    /// <summary>An octal ASCII field (spaces/NULs around it allowed), or GNU base-256 when the high bit is set.</summary>
    public static long ParseField(ReadOnlySpan<byte> field)
    {
        if (field.IsEmpty)
        {
            return 0;
        }

        if ((field[0] & 0x80) != 0)
        {
            // Base-256, two's complement: 0x80 marks positive, 0xff negative.
            var invert = (field[0] & 0x40) != 0 ? (byte)0xFF : (byte)0;
            ulong value = 0;
            for (var i = 0; i < field.Length; i++)
            {
                var b = (byte)(field[i] ^ invert);
                if (i == 0)
                {
                    b &= 0x7F;
                }

                if (value >> 56 != 0)
                {
                    throw new LayerFormatException("numeric field overflows 64 bits");
                }

                value = (value << 8) | b;
            }

            if (value > long.MaxValue)
            {
                throw new LayerFormatException("numeric field overflows 64 bits");
            }

            return invert == 0xFF ? ~(long)value : (long)value;
        }

        var text = field.Trim((byte)' ').TrimStart((byte)0);
        var end = text.IndexOfAny((byte)0, (byte)' ');
        if (end >= 0)
        {
            text = text[..end];
        }

        long result = 0;
        foreach (var c in text)
        {
            if (c is < (byte)'0' or > (byte)'7')
            {
                throw new LayerFormatException($"invalid octal field '{Encoding.ASCII.GetString(field).TrimEnd('\0')}'");
            }

            if (result >> 60 != 0)
            {
                throw new LayerFormatException("octal field overflows 64 bits");
            }

            result = (result << 3) | (long)(c - '0');
        }

        return result;
    }

    /// <summary>A non-negative PAX decimal ("size", "uid", …).</summary>
    public static long ParseDecimal(ReadOnlySpan<byte> value, string key)
    {
        if (value.IsEmpty)
        {
            throw new LayerFormatException($"empty PAX {key}");
        }

        long result = 0;
        foreach (var c in value)
        {
            if (c is < (byte)'0' or > (byte)'9')
            {
                throw new LayerFormatException($"invalid PAX {key} '{Encoding.UTF8.GetString(value)}'");
            }

            result = checked((result * 10) + (c - '0'));
        }

        return result;
    }

    /// <summary>A PAX time: "[-]seconds[.fraction]" with up to nanosecond precision.</summary>
    public static FileTimestamp ParseTime(ReadOnlySpan<byte> value, string key)
    {
        var negative = !value.IsEmpty && value[0] == (byte)'-';
        if (negative)
        {
            value = value[1..];
        }

        var dot = value.IndexOf((byte)'.');
        var seconds = ParseDecimal(dot < 0 ? value : value[..dot], key);
        long nanos = 0;
        if (dot >= 0)
        {
            var fraction = value[(dot + 1)..];
            for (var i = 0; i < 9; i++)
            {
                var digit = i < fraction.Length ? fraction[i] : (byte)'0';
                if (digit is < (byte)'0' or > (byte)'9')
                {
                    throw new LayerFormatException($"invalid PAX {key} '{Encoding.UTF8.GetString(value)}'");
                }

                nanos = (nanos * 10) + (digit - '0');
            }
        }

        if (!negative)
        {
            return new FileTimestamp(seconds, (uint)nanos);
        }

        return nanos == 0 ? new FileTimestamp(-seconds, 0) : new FileTimestamp(-seconds - 1, (uint)(1_000_000_000 - nanos));
    }
}
