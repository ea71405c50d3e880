using Crisp.Config.Toml;

namespace Crisp.Config.Schema;

/// <summary>
/// State for applying one file to a configuration: where values come from, the warnings so far,
/// and typed readers that turn a wrongly typed value into a <see cref="ConfigException"/>.
/// </summary>
internal sealed class BindContext
{
    private readonly List<ConfigIssue> _warnings;
    private readonly Dictionary<string, string> _origins;

    public BindContext(string source, List<ConfigIssue> warnings, Dictionary<string, string> origins)
    {
        Source = source;
        _warnings = warnings;
        _origins = origins;
    }

    public string Source { get; }

    public void Warn(string key, TomlNode node, string message) =>
        _warnings.Add(new ConfigIssue(key, message, Source, node.Line, node.Column));

    /// <summary>Records that <paramref name="key"/> was last set by this source.</summary>
    public void Touch(string key) => _origins[key] = Source;

    public ConfigException Error(string key, TomlNode node, string reason) =>
        new(new ConfigIssue(key, reason, Source, node.Line, node.Column));

    public string ReadString(string key, TomlNode node) =>
        node is TomlScalarNode { Kind: TomlScalarKind.String, Value: string text } ? text : throw Mismatch(key, node, "a string");

    public bool ReadBool(string key, TomlNode node) =>
        node is TomlScalarNode { Kind: TomlScalarKind.Boolean, Value: bool flag } ? flag : throw Mismatch(key, node, "a boolean");

    public long ReadInteger(string key, TomlNode node, long min, long max)
    {
        if (node is not TomlScalarNode { Kind: TomlScalarKind.Integer, Value: long number })
        {
            throw Mismatch(key, node, "an integer");
        }

        if (number < min || number > max)
        {
            throw Error(key, node, $"value {number} is out of range [{min}, {max}]");
        }

        return number;
    }

    /// <summary>A Go duration: a string such as "10s", or an integer number of nanoseconds.</summary>
    public TimeSpan ReadDuration(string key, TomlNode node)
    {
        switch (node)
        {
            case TomlScalarNode { Kind: TomlScalarKind.String, Value: string text }:
                return GoDuration.TryParse(text, out var value, out var error) ? value : throw Error(key, node, error);
            case TomlScalarNode { Kind: TomlScalarKind.Integer, Value: long nanoseconds }:
                return GoDuration.FromNanoseconds(nanoseconds);
            default:
                throw Mismatch(key, node, "a duration string such as \"10s\"");
        }
    }

    public ValueList<string> ReadStringList(string key, TomlNode node)
    {
        if (node is not TomlArrayNode { IsTableArray: false } array)
        {
            throw Mismatch(key, node, "an array of strings");
        }

        var items = new string[array.Items.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = ReadString($"{key}[{i}]", array.Items[i]);
        }

        return ValueList.Create<string>(items);
    }

    public ValueMap<string> ReadStringMap(string key, TomlNode node)
    {
        var table = ReadTable(key, node, "a table of strings");
        return ValueMap.From(table.Entries.Select(entry =>
            KeyValuePair.Create(entry.Key, ReadString(TomlText.Child(key, entry.Key), entry.Value))));
    }

    public TomlTableNode ReadTable(string key, TomlNode node, string expected = "a table") =>
        node as TomlTableNode ?? throw Mismatch(key, node, expected);

    private ConfigException Mismatch(string key, TomlNode node, string expected) =>
        Error(key, node, $"expected {expected}, found {node.TypeName} {node.Describe()}");
}
