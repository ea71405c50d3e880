using System.Diagnostics.CodeAnalysis;

namespace Crisp.Config.Toml;

/// <summary>A table; entries keep their document order so diagnostics come out in reading order.</summary>
internal sealed class TomlTableNode : TomlNode
{
    private readonly Dictionary<string, TomlNode> _index = new(StringComparer.Ordinal);
    private readonly List<KeyValuePair<string, TomlNode>> _entries = [];

    public TomlTableNode(int line, int column)
        : base(line, column)
    {
    }

    public IReadOnlyList<KeyValuePair<string, TomlNode>> Entries => _entries;

    public override string TypeName => "table";

    public bool TryGet(string key, [NotNullWhen(true)] out TomlNode? node) => _index.TryGetValue(key, out node);

    /// <summary>Adds a new entry; Tomlyn's semantic validation has already rejected duplicate keys.</summary>
    public void Add(string key, TomlNode node)
    {
        if (_index.TryAdd(key, node))
        {
            _entries.Add(new KeyValuePair<string, TomlNode>(key, node));
        }
    }

    public override string Describe() => $"{{{_entries.Count} key(s)}}";
}
