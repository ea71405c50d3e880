using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Parsing;

namespace Crisp.Images.Registries;

/// <summary>Typed, error-reporting access to an untyped Tomlyn model (no reflection).</summary>
internal static class TomlValues
{
    /// <summary>Parses TOML text into a table; syntax errors and duplicate keys become <see cref="RegistriesConfigException"/>.</summary>
    public static TomlTable ParseDocument(string text, string path)
    {
        var syntax = SyntaxParser.Parse(text, path, true);
        if (syntax.HasErrors)
        {
            var first = syntax.Diagnostics.FirstOrDefault(d => d.Kind == Tomlyn.Syntax.DiagnosticMessageKind.Error);
            throw new RegistriesConfigException($"parsing {path}: {first?.ToString() ?? "invalid TOML"}");
        }

        try
        {
            return TomlSerializer.Deserialize(text, TomlModelContext.Default.TomlTable) ?? [];
        }
        catch (TomlException e)
        {
            throw new RegistriesConfigException($"parsing {path}: {e.Message}", e);
        }
    }

    public static string? GetString(TomlTable table, string key, string where)
    {
        if (!table.TryGetValue(key, out var value))
        {
            return null;
        }

        return value as string ?? throw TypeError(where, key, "a string", value);
    }

    public static bool GetBool(TomlTable table, string key, string where)
    {
        if (!table.TryGetValue(key, out var value))
        {
            return false;
        }

        return value as bool? ?? throw TypeError(where, key, "a boolean", value);
    }

    /// <summary>Null when the key is absent (an explicit <c>[]</c> is an empty list, which matters for merging).</summary>
    public static List<string>? GetStringArray(TomlTable table, string key, string where)
    {
        if (!table.TryGetValue(key, out var value))
        {
            return null;
        }

        if (value is not TomlArray array)
        {
            throw TypeError(where, key, "an array of strings", value);
        }

        var result = new List<string>(array.Count);
        foreach (var item in array)
        {
            result.Add(item as string ?? throw TypeError(where, key, "an array of strings", item));
        }

        return result;
    }

    public static TomlTable? GetTable(TomlTable table, string key, string where)
    {
        if (!table.TryGetValue(key, out var value))
        {
            return null;
        }

        return value as TomlTable ?? throw TypeError(where, key, "a table", value);
    }

    /// <summary>Accepts both <c>[[key]]</c> arrays of tables and inline <c>key = [{...}]</c> arrays.</summary>
    public static List<TomlTable>? GetTableArray(TomlTable table, string key, string where)
    {
        if (!table.TryGetValue(key, out var value))
        {
            return null;
        }

        switch (value)
        {
            case TomlTableArray tables:
                return [.. tables];
            case TomlArray array:
                var result = new List<TomlTable>(array.Count);
                foreach (var item in array)
                {
                    result.Add(item as TomlTable ?? throw TypeError(where, key, "an array of tables", item));
                }

                return result;
            default:
                throw TypeError(where, key, "an array of tables", value);
        }
    }

    private static RegistriesConfigException TypeError(string where, string key, string expected, object? actual) =>
        new($"{where}: \"{key}\" must be {expected}, not {Describe(actual)}");

    private static string Describe(object? value) => value switch
    {
        null => "nothing",
        string => "a string",
        bool => "a boolean",
        long or double => "a number",
        TomlTable => "a table",
        TomlTableArray or TomlArray => "an array",
        _ => "a " + value.GetType().Name,
    };
}
