using System.Text;
using System.Text.RegularExpressions;

namespace Crisp.IntegrationTests.Harness.Registry;

/// <summary>
/// Makes .NET's tar output reproducible: TarWriter names each PAX extended header "dir/PaxHeaders.&lt;pid&gt;/file",
/// so the same layer built by two test processes would get two digests. This rewrites those names to
/// "PaxHeaders.0" (what Go's archive/tar writes) and fixes the header checksums.
/// </summary>
internal static partial class TarHeaders
{
    private const int BlockSize = 512;

    public static void NormalizePaxHeaderNames(byte[] tar)
    {
        for (var offset = 0; offset + BlockSize <= tar.Length;)
        {
            var header = tar.AsSpan(offset, BlockSize);
            if (!header.ContainsAnyExcept((byte)0))
            {
                return;
            }

            var type = (char)header[156];
            if (type is 'x' or 'g')
            {
                var changed = NormalizeField(header[..100]) | NormalizeField(header.Slice(345, 155));
                if (changed)
                {
                    WriteChecksum(header);
                }
            }

            offset += BlockSize + (int)((Size(header) + BlockSize - 1) / BlockSize * BlockSize);
        }
    }

    private static bool NormalizeField(Span<byte> field)
    {
        var length = field.IndexOf((byte)0);
        var text = Encoding.UTF8.GetString(field[..(length < 0 ? field.Length : length)]);
        var normalized = PaxHeadersPid().Replace(text, "PaxHeaders.0");
        if (normalized == text)
        {
            return false;
        }

        field.Clear();
        Encoding.UTF8.GetBytes(normalized, field);
        return true;
    }

    private static long Size(ReadOnlySpan<byte> header)
    {
        var field = header.Slice(124, 12);
        if ((field[0] & 0x80) != 0)
        {
            throw new InvalidDataException("base-256 tar sizes are not expected in test layers");
        }

        var text = Encoding.ASCII.GetString(field).Trim('\0', ' ');
        return text.Length == 0 ? 0 : Convert.ToInt64(text, 8);
    }

    private static void WriteChecksum(Span<byte> header)
    {
        header.Slice(148, 8).Fill((byte)' ');
        var sum = 0;
        foreach (var b in header)
        {
            sum += b;
        }

        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ", header.Slice(148, 8));
    }

    [GeneratedRegex(@"PaxHeaders\.\d+")]
    private static partial Regex PaxHeadersPid();
}
