using System.Text;

namespace Crisp.Storage.Tar;

/// <summary>
/// Parses PAX extended-header records ("LEN KEY=VALUE\n") keeping values as raw bytes. System.Formats.Tar
/// decodes values as UTF-8, which corrupts binary xattrs such as security.capability; this does not.
/// </summary>
internal static class PaxRecords
{
    public static void Parse(ReadOnlySpan<byte> data, Dictionary<string, byte[]> into)
    {
        while (!data.IsEmpty && data[0] != 0)
        {
            var space = data.IndexOf((byte)' ');
            if (space <= 0)
            {
                throw new LayerFormatException("malformed PAX record (no length)");
            }

            var length = (int)Math.Min(TarNumbers.ParseDecimal(data[..space], "record length"), int.MaxValue);
            if (length <= space + 2 || length > data.Length || data[length - 1] != (byte)'\n')
            {
                throw new LayerFormatException("malformed PAX record (bad length or terminator)");
            }

            var keyValue = data[(space + 1)..(length - 1)];
            var equals = keyValue.IndexOf((byte)'=');
            if (equals <= 0)
            {
                throw new LayerFormatException("malformed PAX record (no key)");
            }

            into[Encoding.UTF8.GetString(keyValue[..equals])] = keyValue[(equals + 1)..].ToArray();
            data = data[length..];
        }
    }
}
