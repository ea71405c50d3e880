using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace Crisp.Config.Toml;

/// <summary>
/// Parses TOML text with Tomlyn's syntax parser (which also rejects duplicate keys and tables) and
/// turns it into our own small tree that remembers where each value came from.
/// </summary>
internal static class TomlDocumentReader
{
    public static TomlTableNode Read(string text, string source)
    {
        var document = SyntaxParser.Parse(text, source, validate: true);
        if (document.HasErrors)
        {
            throw Malformed(document, source);
        }

        var root = new TomlTableNode(1, 1);
        foreach (var keyValue in document.KeyValues)
        {
            AddKeyValue(root, keyValue);
        }

        foreach (var table in document.Tables)
        {
            var path = KeyParts(table.Name);
            var (line, column) = Position(table);
            TomlTableNode target;
            if (table is TableArraySyntax)
            {
                var parent = Descend(root, path.Take(path.Count - 1), line, column);
                if (!parent.TryGet(path[^1], out var existing) || existing is not TomlArrayNode array)
                {
                    array = new TomlArrayNode(line, column, isTableArray: true);
                    parent.Add(path[^1], array);
                }

                target = new TomlTableNode(line, column);
                array.Items.Add(target);
            }
            else
            {
                target = Descend(root, path, line, column);
            }

            foreach (var keyValue in table.Items)
            {
                AddKeyValue(target, keyValue);
            }
        }

        return root;
    }

    private static void AddKeyValue(TomlTableNode table, KeyValueSyntax keyValue)
    {
        var parts = KeyParts(keyValue.Key);
        var (line, column) = Position(keyValue);
        var parent = Descend(table, parts.Take(parts.Count - 1), line, column);
        parent.Add(parts[^1], Convert(keyValue.Value!));
    }

    private static TomlTableNode Descend(TomlTableNode start, IEnumerable<string> path, int line, int column)
    {
        var current = start;
        foreach (var part in path)
        {
            if (!current.TryGet(part, out var next))
            {
                var created = new TomlTableNode(line, column);
                current.Add(part, created);
                current = created;
                continue;
            }

            current = next switch
            {
                TomlTableNode table => table,
                TomlArrayNode { IsTableArray: true, Items.Count: > 0 } array => (TomlTableNode)array.Items[^1],
                _ => throw new InvalidOperationException($"key '{part}' is not a table"),
            };
        }

        return current;
    }

    private static TomlNode Convert(ValueSyntax value)
    {
        var (line, column) = Position(value);
        switch (value)
        {
            case StringValueSyntax text:
                return new TomlScalarNode(TomlScalarKind.String, text.Value ?? "", line, column);
            case IntegerValueSyntax integer:
                return new TomlScalarNode(TomlScalarKind.Integer, integer.Value, line, column);
            case FloatValueSyntax number:
                return new TomlScalarNode(TomlScalarKind.Float, number.Value, line, column);
            case BooleanValueSyntax boolean:
                return new TomlScalarNode(TomlScalarKind.Boolean, boolean.Value, line, column);
            case DateTimeValueSyntax dateTime:
                return new TomlScalarNode(TomlScalarKind.DateTime, dateTime.Value, line, column);
            case ArraySyntax array:
                var arrayNode = new TomlArrayNode(line, column);
                foreach (var item in array.Items)
                {
                    arrayNode.Items.Add(Convert(item.Value!));
                }

                return arrayNode;
            case InlineTableSyntax inline:
                var tableNode = new TomlTableNode(line, column);
                foreach (var item in inline.Items)
                {
                    AddKeyValue(tableNode, item.KeyValue!);
                }

                return tableNode;
            default:
                throw new InvalidOperationException($"unsupported TOML value {value.Kind}");
        }
    }

    private static List<string> KeyParts(KeySyntax? key)
    {
        var parts = new List<string>();
        if (key is null)
        {
            return parts;
        }

        parts.Add(KeyPart(key.Key));
        foreach (var dotted in key.DotKeys)
        {
            parts.Add(KeyPart(dotted.Key));
        }

        return parts;
    }

    private static string KeyPart(BareKeyOrStringValueSyntax? part) => part switch
    {
        BareKeySyntax bare => bare.Key?.Text ?? "",
        StringValueSyntax quoted => quoted.Value ?? "",
        _ => "",
    };

    private static (int Line, int Column) Position(SyntaxNode node) => (node.Span.Start.Line + 1, node.Span.Start.Column + 1);

    private static ConfigException Malformed(DocumentSyntax document, string source)
    {
        var error = document.Diagnostics.First(d => d.Kind == DiagnosticMessageKind.Error);
        var line = error.Span.Start.Line + 1;
        var column = error.Span.Start.Column + 1;
        var key = FindKeyOnLine(document, error.Span.Start.Line);
        return new ConfigException(new ConfigIssue(key ?? "", "malformed TOML: " + error.Message, source, line, column));
    }

    private static string? FindKeyOnLine(DocumentSyntax document, int line)
    {
        foreach (var keyValue in document.KeyValues)
        {
            if (Covers(keyValue, line))
            {
                return TomlText.KeyPath(KeyParts(keyValue.Key));
            }
        }

        foreach (var table in document.Tables)
        {
            var tablePath = KeyParts(table.Name);
            foreach (var keyValue in table.Items)
            {
                if (Covers(keyValue, line))
                {
                    return TomlText.KeyPath(tablePath.Concat(KeyParts(keyValue.Key)));
                }
            }

            if (table.Span.Start.Line == line && tablePath.Count > 0)
            {
                return TomlText.KeyPath(tablePath);
            }
        }

        return null;
    }

    private static bool Covers(SyntaxNode node, int line) => node.Span.Start.Line <= line && line <= node.Span.End.Line;
}
