using Crisp.Config.Toml;

namespace Crisp.Config.Schema;

/// <summary>One TOML key of a table: its name, its comment in written files, how to render and apply it.</summary>
internal sealed class KeySpec<T>
{
    private readonly Func<T, string> _render;
    private readonly Func<T, TomlNode, string, BindContext, T> _apply;

    public KeySpec(string name, string comment, Func<T, string> render, Func<T, TomlNode, string, BindContext, T> apply)
    {
        Name = name;
        Comment = comment;
        _render = render;
        _apply = apply;
    }

    public string Name { get; }

    public string Comment { get; }

    /// <summary>The value as a TOML literal.</summary>
    public string Render(T value) => _render(value);

    /// <summary>Returns <paramref name="target"/> with this key set from <paramref name="node"/>.</summary>
    public T Apply(T target, TomlNode node, string path, BindContext context) => _apply(target, node, path, context);
}
