using Crisp.Config.Toml;

namespace Crisp.Config.Schema;

/// <summary>Factories for <see cref="KeySpec{T}"/>, one per crio.conf value type.</summary>
internal static class Key
{
    public static KeySpec<T> Text<T>(string name, string comment, Func<T, string> get, Func<T, string, T> set) =>
        new(name, comment, v => TomlText.Quote(get(v)), (t, n, p, c) => set(t, c.ReadString(p, n)));

    public static KeySpec<T> Flag<T>(string name, string comment, Func<T, bool> get, Func<T, bool, T> set) =>
        new(name, comment, v => TomlText.Bool(get(v)), (t, n, p, c) => set(t, c.ReadBool(p, n)));

    public static KeySpec<T> Int64<T>(string name, string comment, Func<T, long> get, Func<T, long, T> set, long min = long.MinValue, long max = long.MaxValue) =>
        new(name, comment, v => TomlText.Integer(get(v)), (t, n, p, c) => set(t, c.ReadInteger(p, n, min, max)));

    public static KeySpec<T> Int32<T>(string name, string comment, Func<T, int> get, Func<T, int, T> set, int min = int.MinValue, int max = int.MaxValue) =>
        new(name, comment, v => TomlText.Integer(get(v)), (t, n, p, c) => set(t, (int)c.ReadInteger(p, n, min, max)));

    public static KeySpec<T> List<T>(string name, string comment, Func<T, ValueList<string>> get, Func<T, ValueList<string>, T> set) =>
        new(name, comment, v => TomlText.StringList(get(v)), (t, n, p, c) => set(t, c.ReadStringList(p, n)));

    public static KeySpec<T> Map<T>(string name, string comment, Func<T, ValueMap<string>> get, Func<T, ValueMap<string>, T> set) =>
        new(name, comment, v => TomlText.StringMap(get(v)), (t, n, p, c) => set(t, c.ReadStringMap(p, n)));

    public static KeySpec<T> Duration<T>(string name, string comment, Func<T, TimeSpan> get, Func<T, TimeSpan, T> set) =>
        new(name, comment, v => TomlText.Quote(GoDuration.Format(get(v))), (t, n, p, c) => set(t, c.ReadDuration(p, n)));
}
