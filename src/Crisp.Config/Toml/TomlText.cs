using System.Globalization;
using System.Text;

namespace Crisp.Config.Toml;

/// <summary>Renders values as TOML literals.</summary>
internal static class TomlText
{
    public static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2);
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\b':
                    builder.Append("\\b");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\f':
                    builder.Append("\\f");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                default:
                    if (char.IsControl(c))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>A key as written in TOML: bare when possible, quoted otherwise.</summary>
    public static string Key(string key) => IsBare(key) ? key : Quote(key);

    /// <summary>A dotted key path, e.g. <c>crio.runtime.runtimes."my.handler"</c>.</summary>
    public static string KeyPath(IEnumerable<string> parts) => string.Join(".", parts.Select(Key));

    /// <summary>Appends one key to a path that is already rendered.</summary>
    public static string Child(string path, string key) => path.Length == 0 ? Key(key) : path + "." + Key(key);

    public static string Bool(bool value) => value ? "true" : "false";

    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string StringList(IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return "[]";
        }

        var builder = new StringBuilder("[\n");
        foreach (var value in values)
        {
            builder.Append("  ").Append(Quote(value)).Append(",\n");
        }

        return builder.Append(']').ToString();
    }

    public static string StringMap(IEnumerable<KeyValuePair<string, string>> values)
    {
        var entries = values.Select(kv => Key(kv.Key) + " = " + Quote(kv.Value)).ToList();
        return entries.Count == 0 ? "{}" : "{ " + string.Join(", ", entries) + " }";
    }

    private static bool IsBare(string key) =>
        key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
}
