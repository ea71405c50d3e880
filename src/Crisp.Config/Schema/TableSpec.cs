using System.Text;
using Crisp.Config.Toml;

namespace Crisp.Config.Schema;

/// <summary>The scalar keys of one TOML table, plus keys that are recognized but not modelled.</summary>
internal sealed class TableSpec<T>
{
    public const string UnknownKeyMessage = "unknown configuration key; ignored";

    private readonly Dictionary<string, KeySpec<T>> _byName;
    private readonly IReadOnlyDictionary<string, string?> _ignored;

    /// <param name="keys">Modelled keys, in the order they are written.</param>
    /// <param name="ignored">Recognized keys that are not modelled: key → warning, or null to ignore silently.</param>
    public TableSpec(IReadOnlyList<KeySpec<T>> keys, IReadOnlyDictionary<string, string?>? ignored = null)
    {
        Keys = keys;
        _byName = keys.ToDictionary(k => k.Name, StringComparer.Ordinal);
        _ignored = ignored ?? new Dictionary<string, string?>();
    }

    public IReadOnlyList<KeySpec<T>> Keys { get; }

    public T Apply(T value, TomlTableNode table, string path, BindContext context, SubKeyHandler<T>? subKeys = null)
    {
        foreach (var (key, node) in table.Entries)
        {
            var keyPath = TomlText.Child(path, key);
            if (_byName.TryGetValue(key, out var spec))
            {
                value = spec.Apply(value, node, keyPath, context);
                context.Touch(keyPath);
            }
            else if (subKeys is not null && subKeys(ref value, key, node, keyPath, context))
            {
                // The handler applied it (and touched the keys inside).
            }
            else if (_ignored.TryGetValue(key, out var note))
            {
                if (note is not null)
                {
                    context.Warn(keyPath, node, note);
                }
            }
            else
            {
                context.Warn(keyPath, node, UnknownKeyMessage);
            }
        }

        return value;
    }

    /// <summary>Writes every key with its comment line.</summary>
    public void Write(StringBuilder output, T value)
    {
        foreach (var key in Keys)
        {
            output.Append("# ").Append(key.Comment).Append('\n');
            output.Append(key.Name).Append(" = ").Append(key.Render(value)).Append("\n\n");
        }
    }

    /// <summary>Every key as (dotted path, TOML literal).</summary>
    public IEnumerable<KeyValuePair<string, string>> Flatten(T value, string path) =>
        Keys.Select(k => KeyValuePair.Create(TomlText.Child(path, k.Name), k.Render(value)));
}
