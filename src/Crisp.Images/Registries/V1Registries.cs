using Tomlyn.Model;

namespace Crisp.Images.Registries;

/// <summary>
/// The deprecated V1 format: <c>[registries.search]</c>, <c>[registries.insecure]</c> and
/// <c>[registries.block]</c>, each with a <c>registries = [...]</c> list.
/// </summary>
internal sealed class V1Registries
{
    private static readonly string[] _sections = ["search", "insecure", "block"];

    private V1Registries(List<string>? search, List<string>? insecure, List<string>? block)
    {
        Search = search;
        Insecure = insecure;
        Block = block;
    }

    public List<string>? Search { get; }

    public List<string>? Insecure { get; }

    public List<string>? Block { get; }

    /// <summary>The V1 settings of <paramref name="root"/>, or null when it sets none (even <c>registries = []</c> counts as set).</summary>
    public static V1Registries? Read(TomlTable root, string path, List<string> unknown)
    {
        var registries = TomlValues.GetTable(root, "registries", path);
        if (registries is null)
        {
            return null;
        }

        unknown.AddRange(registries.Keys.Where(k => !_sections.Contains(k)).Select(k => "registries." + k));
        var search = ReadList(registries, "search", path, unknown);
        var insecure = ReadList(registries, "insecure", path, unknown);
        var block = ReadList(registries, "block", path, unknown);
        return search is null && insecure is null && block is null ? null : new V1Registries(search, insecure, block);
    }

    /// <summary>Converts to V2 as containers/image's ConvertToV2: one <c>[[registry]]</c> per listed location.</summary>
    public RegistriesFile ToV2(string path, List<string> unknown)
    {
        var byLocation = new Dictionary<string, (bool Insecure, bool Blocked)>(StringComparer.Ordinal);
        var order = new List<string>();

        void Mark(string raw, bool insecure, bool blocked)
        {
            var location = RegistriesFileParser.ParseLocation(raw, path);
            if (!byLocation.TryGetValue(location, out var flags))
            {
                order.Add(location);
            }

            byLocation[location] = (flags.Insecure || insecure, flags.Blocked || blocked);
        }

        foreach (var blocked in Block ?? [])
        {
            Mark(blocked, insecure: false, blocked: true);
        }

        foreach (var insecure in Insecure ?? [])
        {
            Mark(insecure, insecure: true, blocked: false);
        }

        var entries = order
            .Select(l => new RegistryEntry(l, l, byLocation[l].Insecure, byLocation[l].Blocked, false, [], path))
            .ToList();
        var search = Search?.ConvertAll(s => RegistriesFileParser.ParseSearchRegistry(s, path));
        return new RegistriesFile
        {
            Path = path,
            Registries = RegistriesFileParser.PostProcess(entries, path),
            UnqualifiedSearchRegistries = search,
            Aliases = [],
            UnknownKeys = unknown,
        };
    }

    private static List<string>? ReadList(TomlTable registries, string section, string path, List<string> unknown)
    {
        var table = TomlValues.GetTable(registries, section, path);
        if (table is null)
        {
            return null;
        }

        unknown.AddRange(table.Keys.Where(k => k != "registries").Select(k => $"registries.{section}.{k}"));
        return TomlValues.GetStringArray(table, "registries", $"{path}: [registries.{section}]");
    }
}
