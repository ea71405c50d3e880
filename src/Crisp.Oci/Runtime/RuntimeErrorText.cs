using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Crisp.Oci.Runtime;

/// <summary>
/// Turns runc's stderr (logrus lines such as <c>time="…" level=error msg="runc create failed: …"</c>) into the
/// plain message a user should read. Text that is not in that shape is returned trimmed.
/// </summary>
internal static partial class RuntimeErrorText
{
    public static string Describe(string? stderr)
    {
        if (string.IsNullOrWhiteSpace(stderr))
        {
            return "";
        }

        var messages = new List<string>();
        foreach (var line in stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = MessagePattern().Match(line);
            var text = match.Success ? Unquote(match.Groups["msg"].Value) : line;
            if (!messages.Contains(text))
            {
                messages.Add(text);
            }
        }

        return string.Join("; ", messages);
    }

    /// <summary>Reverses Go's strconv.Quote escaping (what logrus applies to quoted values).</summary>
    internal static string Unquote(string value)
    {
        if (!value.Contains('\\'))
        {
            return value;
        }

        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '\\' || i + 1 == value.Length)
            {
                text.Append(value[i]);
                continue;
            }

            var escape = value[++i];
            switch (escape)
            {
                case 'n': text.Append('\n'); break;
                case 't': text.Append('\t'); break;
                case 'r': text.Append('\r'); break;
                case 'a': text.Append('\a'); break;
                case 'b': text.Append('\b'); break;
                case 'f': text.Append('\f'); break;
                case 'v': text.Append('\v'); break;
                case 'x' when i + 2 < value.Length && TryHex(value.AsSpan(i + 1, 2), out var b):
                    text.Append((char)b);
                    i += 2;
                    break;
                case 'u' when i + 4 < value.Length && TryHex(value.AsSpan(i + 1, 4), out var u):
                    text.Append((char)u);
                    i += 4;
                    break;
                default: text.Append(escape); break;
            }
        }

        return text.ToString();
    }

    private static bool TryHex(ReadOnlySpan<char> digits, out int value) =>
        int.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);

    [GeneratedRegex("""(?:^|\s)msg="(?<msg>(?:[^"\\]|\\.)*)"|(?:^|\s)msg=(?<msg>\S+)""")]
    private static partial Regex MessagePattern();
}
