using Crisp.Config.Toml;

namespace Crisp.Config.Schema;

/// <summary>Handles a key a <see cref="TableSpec{T}"/> does not list (sub-tables, deprecated aliases); false = not handled.</summary>
internal delegate bool SubKeyHandler<T>(ref T value, string key, TomlNode node, string path, BindContext context);
