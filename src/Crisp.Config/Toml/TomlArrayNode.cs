namespace Crisp.Config.Toml;

/// <summary>An array, or an array of tables (<c>[[name]]</c>).</summary>
internal sealed class TomlArrayNode : TomlNode
{
    public TomlArrayNode(int line, int column, bool isTableArray = false)
        : base(line, column)
    {
        IsTableArray = isTableArray;
    }

    public List<TomlNode> Items { get; } = [];

    public bool IsTableArray { get; }

    public override string TypeName => IsTableArray ? "array of tables" : "array";

    public override string Describe() => $"[{Items.Count} item(s)]";
}
