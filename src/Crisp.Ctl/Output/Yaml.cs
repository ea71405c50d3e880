using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Crisp.Ctl.Output;

/// <summary>
/// Writes JSON as YAML the way crictl's <c>-o yaml</c> does (JSON converted to YAML, map keys in sorted order,
/// two-space indentation, sequences at their key's indentation).
/// </summary>
public static class Yaml
{
    public static string FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var text = new StringBuilder();
        WriteValue(text, document.RootElement, 0, topLevel: true);
        return text.ToString();
    }

    private static void WriteValue(StringBuilder text, JsonElement value, int indent, bool topLevel = false)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object when value.EnumerateObject().Any():
                if (!topLevel)
                {
                    text.Append('\n');
                }

                WriteObject(text, value, indent);
                break;
            case JsonValueKind.Array when value.GetArrayLength() > 0:
                if (!topLevel)
                {
                    text.Append('\n');
                }

                WriteArray(text, value, indent);
                break;
            case JsonValueKind.Object:
                text.Append(topLevel ? "{}\n" : " {}\n");
                break;
            case JsonValueKind.Array:
                text.Append(topLevel ? "[]\n" : " []\n");
                break;
            default:
                text.Append(topLevel ? string.Empty : " ").Append(Scalar(value)).Append('\n');
                break;
        }
    }

    private static void WriteObject(StringBuilder text, JsonElement value, int indent)
    {
        foreach (var property in value.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            text.Append(' ', indent).Append(Key(property.Name)).Append(':');
            // Sequences under a key sit at the key's own indentation, as Go's yaml.v2 writes them.
            WriteValue(text, property.Value, property.Value.ValueKind == JsonValueKind.Array ? indent : indent + 2);
        }
    }

    private static void WriteArray(StringBuilder text, JsonElement value, int indent)
    {
        foreach (var item in value.EnumerateArray())
        {
            text.Append(' ', indent).Append('-');
            if (item.ValueKind == JsonValueKind.Object && item.EnumerateObject().Any())
            {
                // The first key goes on the dash's line.
                var inner = new StringBuilder();
                WriteObject(inner, item, indent + 2);
                text.Append(' ').Append(inner.ToString(indent + 2, inner.Length - indent - 2));
            }
            else
            {
                WriteValue(text, item, indent + 2);
            }
        }
    }

    private static string Key(string name) => NeedsQuotes(name) ? Quote(name) : name;

    private static string Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => NeedsQuotes(value.GetString()!) ? Quote(value.GetString()!) : value.GetString()!,
        JsonValueKind.Null => "null",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };

    /// <summary>Plain unless the string would read back as something else (empty, a number, a bool, null) or has YAML syntax in it.</summary>
    private static bool NeedsQuotes(string s)
    {
        if (s.Length == 0 || s != s.Trim() || s.Contains('\n', StringComparison.Ordinal))
        {
            return true;
        }

        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _) || s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        string[] reserved = ["true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"];
        if (reserved.Contains(s, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        return "-?:,[]{}#&*!|>'\"%@`".Contains(s[0], StringComparison.Ordinal)
            || s.Contains(": ", StringComparison.Ordinal)
            || s.Contains(" #", StringComparison.Ordinal)
            || s.EndsWith(':');
    }

    /// <summary>Double-quoted, as Go's yaml.v2 quotes (JSON escapes are valid YAML escapes).</summary>
    private static string Quote(string s) => "\"" + JsonEncodedText.Encode(s, JavaScriptEncoder.UnsafeRelaxedJsonEscaping) + "\"";
}
