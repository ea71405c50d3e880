namespace Crisp.Config.Toml;

/// <summary>A value in a parsed TOML document, with its 1-based source position.</summary>
internal abstract class TomlNode
{
    protected TomlNode(int line, int column)
    {
        Line = line;
        Column = column;
    }

    public int Line { get; }

    public int Column { get; }

    /// <summary>The TOML type name used in error messages ("string", "integer", "table"...).</summary>
    public abstract string TypeName { get; }

    /// <summary>Short rendering of the value for error messages.</summary>
    public abstract string Describe();
}
