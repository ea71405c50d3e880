using System.Globalization;

namespace Crisp.Config.Toml;

/// <summary>A string, integer, float, boolean or date-time value.</summary>
internal sealed class TomlScalarNode : TomlNode
{
    public TomlScalarNode(TomlScalarKind kind, object value, int line, int column)
        : base(line, column)
    {
        Kind = kind;
        Value = value;
    }

    public TomlScalarKind Kind { get; }

    public object Value { get; }

    public override string TypeName => Kind switch
    {
        TomlScalarKind.String => "string",
        TomlScalarKind.Integer => "integer",
        TomlScalarKind.Float => "float",
        TomlScalarKind.Boolean => "boolean",
        _ => "date-time",
    };

    public override string Describe() => Kind switch
    {
        TomlScalarKind.String => TomlText.Quote((string)Value),
        TomlScalarKind.Boolean => (bool)Value ? "true" : "false",
        _ => Convert.ToString(Value, CultureInfo.InvariantCulture) ?? "",
    };
}
