using System.Text;

namespace Crisp.Ctl.Input;

/// <summary>A YAML scalar as written: its text and whether it was quoted (a quoted "1" stays a string).</summary>
public sealed record YamlScalar(string Text, bool Quoted)
{
    public bool IsNull => !Quoted && Text is "" or "~" or "null" or "Null" or "NULL";
}

/// <summary>
/// Reads the YAML that CRI config files are written in: block mappings and sequences, plain and quoted scalars,
/// literal (<c>|</c>) and folded (<c>&gt;</c>) block scalars, flow collections (<c>[a, b]</c>, <c>{k: v}</c>) and
/// comments. Mappings become <see cref="YamlMap"/>, sequences <see cref="List{T}"/> of nodes, scalars <see cref="YamlScalar"/>.
/// Anchors, aliases, tags and multiple documents are not supported.
/// </summary>
public sealed class YamlReader
{
    private readonly string[] _raw;
    private int _next;

    private YamlReader(string text)
    {
        _raw = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
    }

    public static object? Parse(string text)
    {
        var reader = new YamlReader(text);
        reader.Skip();
        if (reader._next >= reader._raw.Length)
        {
            return null;
        }

        var node = reader.Block(reader.Indent(reader._next));
        reader.Skip();
        if (reader._next < reader._raw.Length)
        {
            throw reader.Error(reader._next, "unexpected content (wrong indentation?)");
        }

        return node;
    }

    private int Indent(int line) => _raw[line].Length - _raw[line].TrimStart(' ').Length;

    private string Content(int line) => StripComment(_raw[line].Trim());

    private FormatException Error(int line, string message) => new($"yaml: line {line + 1}: {message}");

    /// <summary>Moves past blank lines, comments and document markers.</summary>
    private void Skip()
    {
        while (_next < _raw.Length)
        {
            var content = Content(_next);
            if (content.Length > 0 && content != "---")
            {
                return;
            }

            _next++;
        }
    }

    private object? Block(int indent)
    {
        var content = Content(_next);
        if (IsSequenceItem(content))
        {
            return Sequence(indent, 0);
        }

        if (FindColon(content) >= 0)
        {
            return Mapping(indent, 0);
        }

        _next++;
        return Scalar(content, _next - 1);
    }

    private static bool IsSequenceItem(string content) => content == "-" || content.StartsWith("- ", StringComparison.Ordinal);

    /// <summary>A block sequence at <paramref name="indent"/>; <paramref name="skip"/> characters of the first line are already consumed.</summary>
    private List<object?> Sequence(int indent, int skip)
    {
        var items = new List<object?>();
        var first = true;
        while (true)
        {
            if (!first)
            {
                Skip();
                if (_next >= _raw.Length || Indent(_next) != indent || !IsSequenceItem(Content(_next)))
                {
                    return items;
                }
            }

            var lineSkip = first ? skip : 0;
            first = false;
            var line = _next;
            var text = _raw[line][(Indent(line) + lineSkip)..];
            var rest = StripComment(text.TrimStart()[1..].Trim());
            if (rest.Length == 0)
            {
                _next++;
                items.Add(Nested(indent));
                continue;
            }

            // "- key: value" or "- - x": the item is a block starting on the dash's line.
            var offset = indent + lineSkip + (text.Length - text.TrimStart().Length) + 1 + (text.TrimStart()[1..].Length - text.TrimStart()[1..].TrimStart().Length);
            var consumed = offset - Indent(line);
            if (IsSequenceItem(rest))
            {
                items.Add(Sequence(offset, consumed));
            }
            else if (!rest.StartsWith('"') && !rest.StartsWith('\'') && !rest.StartsWith('[') && !rest.StartsWith('{') && FindColon(rest) >= 0)
            {
                items.Add(Mapping(offset, consumed));
            }
            else
            {
                _next++;
                items.Add(Value(rest, line, indent));
            }
        }
    }

    private YamlMap Mapping(int indent, int skip)
    {
        var map = new YamlMap();
        var first = true;
        while (true)
        {
            if (!first)
            {
                Skip();
                if (_next >= _raw.Length || Indent(_next) < indent)
                {
                    return map;
                }

                if (Indent(_next) > indent)
                {
                    throw Error(_next, "unexpected indentation");
                }

                if (IsSequenceItem(Content(_next)))
                {
                    return map;
                }
            }

            var line = _next;
            var content = StripComment(_raw[line][(Indent(line) + (first ? skip : 0))..].Trim());
            first = false;
            var colon = FindColon(content);
            if (colon < 0)
            {
                throw Error(line, $"expected \"key: value\", found \"{content}\"");
            }

            var key = Unquote(content[..colon].Trim(), line).Text;
            var rest = content[(colon + 1)..].Trim();
            _next++;
            if (map.ContainsKey(key))
            {
                throw Error(line, $"key \"{key}\" appears twice");
            }

            map[key] = rest.Length == 0 ? Nested(indent, allowSequenceAtSameIndent: true) : Value(rest, line, indent);
        }
    }

    /// <summary>The block below a "key:" or "-" line: more indented, or a sequence at the key's own indentation.</summary>
    private object? Nested(int indent, bool allowSequenceAtSameIndent = false)
    {
        Skip();
        if (_next >= _raw.Length)
        {
            return null;
        }

        var childIndent = Indent(_next);
        if (childIndent > indent || (allowSequenceAtSameIndent && childIndent == indent && IsSequenceItem(Content(_next))))
        {
            return Block(childIndent);
        }

        return null;
    }

    private object? Value(string rest, int line, int indent)
    {
        if (rest[0] is '|' or '>')
        {
            return BlockScalar(rest, indent);
        }

        if (rest[0] is '[' or '{')
        {
            var position = 0;
            var value = Flow(rest, ref position, line);
            if (rest[position..].Trim().Length > 0)
            {
                throw Error(line, $"unexpected \"{rest[position..]}\" after a flow collection");
            }

            return value;
        }

        return Scalar(rest, line);
    }

    private YamlScalar BlockScalar(string header, int indent)
    {
        var literal = header[0] == '|';
        var keep = header.Contains('+', StringComparison.Ordinal);
        var strip = header.Contains('-', StringComparison.Ordinal);
        var lines = new List<string>();
        int? blockIndent = null;
        while (_next < _raw.Length)
        {
            var raw = _raw[_next];
            if (raw.Trim().Length == 0)
            {
                lines.Add(string.Empty);
                _next++;
                continue;
            }

            var lineIndent = raw.Length - raw.TrimStart(' ').Length;
            if (lineIndent <= indent)
            {
                break;
            }

            blockIndent ??= lineIndent;
            lines.Add(raw.Length >= blockIndent ? raw[blockIndent.Value..] : raw.TrimStart());
            _next++;
        }

        var trailing = 0;
        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
            trailing++;
        }

        var text = literal ? string.Join('\n', lines) : Fold(lines);
        if (!strip && lines.Count > 0)
        {
            text += "\n";
        }

        if (keep)
        {
            text += new string('\n', trailing);
        }

        return new YamlScalar(text, Quoted: true);
    }

    private static string Fold(List<string> lines)
    {
        var text = new StringBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            text.Append(lines[i]);
            if (i < lines.Count - 1)
            {
                text.Append(lines[i].Length == 0 || lines[i + 1].Length == 0 || lines[i + 1].StartsWith(' ') ? "\n" : " ");
            }
        }

        return text.ToString();
    }

    private YamlScalar Scalar(string text, int line) => Unquote(text, line);

    private YamlScalar Unquote(string text, int line)
    {
        if (text.Length >= 2 && text[0] == '\'' && text[^1] == '\'')
        {
            return new YamlScalar(text[1..^1].Replace("''", "'", StringComparison.Ordinal), true);
        }

        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
        {
            return new YamlScalar(Unescape(text[1..^1], line), true);
        }

        if (text.Length > 0 && text[0] is '"' or '\'')
        {
            throw Error(line, "unterminated quoted string");
        }

        return new YamlScalar(text, false);
    }

    private string Unescape(string s, int line)
    {
        var text = new StringBuilder();
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] != '\\')
            {
                text.Append(s[i]);
                continue;
            }

            if (++i >= s.Length)
            {
                throw Error(line, "bad escape at the end of a string");
            }

            switch (s[i])
            {
                case 'n': text.Append('\n'); break;
                case 't': text.Append('\t'); break;
                case 'r': text.Append('\r'); break;
                case '0': text.Append('\0'); break;
                case 'u' when i + 4 < s.Length:
                    text.Append((char)Convert.ToInt32(s.Substring(i + 1, 4), 16));
                    i += 4;
                    break;
                default: text.Append(s[i]); break;
            }
        }

        return text.ToString();
    }

    private object? Flow(string s, ref int i, int line)
    {
        SkipSpaces(s, ref i);
        if (i >= s.Length)
        {
            throw Error(line, "unterminated flow collection (multi-line flow collections are not supported)");
        }

        if (s[i] == '[')
        {
            i++;
            var items = new List<object?>();
            while (true)
            {
                SkipSpaces(s, ref i);
                if (i < s.Length && s[i] == ']')
                {
                    i++;
                    return items;
                }

                items.Add(Flow(s, ref i, line));
                SkipSpaces(s, ref i);
                if (i < s.Length && s[i] == ',')
                {
                    i++;
                }
            }
        }

        if (s[i] == '{')
        {
            i++;
            var map = new YamlMap();
            while (true)
            {
                SkipSpaces(s, ref i);
                if (i < s.Length && s[i] == '}')
                {
                    i++;
                    return map;
                }

                var key = FlowScalar(s, ref i, line, stopAtColon: true);
                SkipSpaces(s, ref i);
                if (i >= s.Length || s[i] != ':')
                {
                    throw Error(line, "expected ':' in a flow mapping");
                }

                i++;
                map[key.Text] = Flow(s, ref i, line);
                SkipSpaces(s, ref i);
                if (i < s.Length && s[i] == ',')
                {
                    i++;
                }
            }
        }

        return FlowScalar(s, ref i, line, stopAtColon: false);
    }

    private YamlScalar FlowScalar(string s, ref int i, int line, bool stopAtColon)
    {
        var start = i;
        if (s[i] is '"' or '\'')
        {
            var quote = s[i];
            i++;
            while (i < s.Length && !(s[i] == quote && (quote != '\'' || i + 1 >= s.Length || s[i + 1] != '\'')))
            {
                i += s[i] == '\\' && quote == '"' ? 2 : (s[i] == '\'' ? 2 : 1);
            }

            i++;
            return Unquote(s[start..Math.Min(i, s.Length)], line);
        }

        while (i < s.Length && s[i] is not (',' or ']' or '}') && !(stopAtColon && s[i] == ':'))
        {
            i++;
        }

        if (i >= s.Length)
        {
            throw Error(line, "unterminated flow collection (multi-line flow collections are not supported)");
        }

        return new YamlScalar(s[start..i].Trim(), false);
    }

    private static void SkipSpaces(string s, ref int i)
    {
        while (i < s.Length && s[i] == ' ')
        {
            i++;
        }
    }

    /// <summary>The index of the ':' that ends a mapping key (followed by a space or the end), outside quotes.</summary>
    private static int FindColon(string content)
    {
        var quote = '\0';
        for (var i = 0; i < content.Length; i++)
        {
            var c = content[i];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if ((c is '"' or '\'') && i == 0)
            {
                quote = c;
            }
            else if (c == ':' && (i + 1 == content.Length || content[i + 1] == ' '))
            {
                return i;
            }
            else if (i == 0 && c is '[' or '{')
            {
                return -1;
            }
        }

        return -1;
    }

    /// <summary>Drops a " # comment" outside quotes.</summary>
    private static string StripComment(string content)
    {
        if (content.StartsWith('#'))
        {
            return string.Empty;
        }

        var quote = '\0';
        for (var i = 0; i < content.Length; i++)
        {
            var c = content[i];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '"' or '\'' && (i == 0 || content[i - 1] is ' ' or ':' or '[' or '{' or ',' or '-'))
            {
                quote = c;
            }
            else if (c == '#' && i > 0 && content[i - 1] == ' ')
            {
                return content[..i].TrimEnd();
            }
        }

        return content;
    }
}

/// <summary>A YAML mapping in file order.</summary>
public sealed class YamlMap : Dictionary<string, object?>
{
    public YamlMap()
        : base(StringComparer.Ordinal)
    {
    }
}
