using Tomlyn;
using Tomlyn.Model;

namespace Crisp.IntegrationTests.Harness;

/// <summary>Reads TOML the daemon printed, for tests that look up keys by path.</summary>
public static class TomlModel
{
    /// <summary>The table at a dotted path, e.g. <c>crio.image</c>.</summary>
    public static TomlTable Table(string toml, string path)
    {
        var table = TomlSerializer.Deserialize<TomlTable>(toml) ?? throw new InvalidDataException("empty TOML");
        foreach (var part in path.Split('.'))
        {
            table = (TomlTable)table[part];
        }

        return table;
    }
}
