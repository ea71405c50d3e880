using Crisp.Images.References;
using Tomlyn.Model;

namespace Crisp.Images.Registries;

/// <summary>Parses one containers-registries.conf(5) file, V2 or (deprecated) V1, into a <see cref="RegistriesFile"/>.</summary>
internal static class RegistriesFileParser
{
    private static readonly HashSet<string> _v2Keys =
    [
        "unqualified-search-registries", "credential-helpers", "short-name-mode",
        "additional-layer-store-auth-helper", "registry", "aliases",
    ];

    private static readonly HashSet<string> _registryKeys =
        ["prefix", "location", "insecure", "blocked", "mirror-by-digest-only", "mirror", "pull-from-mirror"];

    private static readonly HashSet<string> _mirrorKeys = ["location", "insecure", "pull-from-mirror"];

    /// <param name="text">The file's contents.</param>
    /// <param name="path">The file's path, used in messages and as the origin of its settings.</param>
    /// <param name="requireV2">True for drop-ins, which must use the V2 format.</param>
    public static RegistriesFile Parse(string text, string path, bool requireV2)
    {
        var root = TomlValues.ParseDocument(text, path);
        var unknown = root.Keys.Where(k => k != "registries" && !_v2Keys.Contains(k)).ToList();

        var v1 = V1Registries.Read(root, path, unknown);
        if (v1 is not null)
        {
            if (requireV2)
            {
                throw new RegistriesConfigException($"{path}: registry must be in v2 format but is in v1");
            }

            if (HasV2Settings(root))
            {
                throw new RegistriesConfigException($"{path}: mixing sysregistry v1/v2 is not supported");
            }

            return v1.ToV2(path, unknown);
        }

        return new RegistriesFile
        {
            Path = path,
            Registries = PostProcess(ReadRegistries(root, path, unknown), path),
            UnqualifiedSearchRegistries = ReadSearchRegistries(root, path),
            CredentialHelpers = TomlValues.GetStringArray(root, "credential-helpers", path),
            ShortNameMode = ReadShortNameMode(root, path),
            Aliases = ReadAliases(root, path),
            UnknownKeys = unknown,
        };
    }

    /// <summary>Trims trailing slashes and rejects URI schemes, as containers/image's parseLocation.</summary>
    internal static string ParseLocation(string input, string where)
    {
        var trimmed = input.TrimEnd('/');
        if (trimmed.StartsWith("http://", StringComparison.Ordinal) || trimmed.StartsWith("https://", StringComparison.Ordinal))
        {
            throw new RegistriesConfigException($"{where}: invalid location '{input}': URI schemes are not supported");
        }

        return trimmed;
    }

    /// <summary>Whether any V2 setting is present; like containers/image an explicit empty array counts.</summary>
    private static bool HasV2Settings(TomlTable root) =>
        root.ContainsKey("registry") || root.ContainsKey("unqualified-search-registries") ||
        root.ContainsKey("credential-helpers") || root.ContainsKey("aliases") ||
        root.TryGetValue("short-name-mode", out var mode) && mode is not "" ||
        root.TryGetValue("additional-layer-store-auth-helper", out var helper) && helper is not "";

    private static List<string>? ReadSearchRegistries(TomlTable root, string path)
    {
        var registries = TomlValues.GetStringArray(root, "unqualified-search-registries", path);
        if (registries is null)
        {
            return null;
        }

        return registries.ConvertAll(r => ParseSearchRegistry(r, path));
    }

    /// <summary>Validates one unqualified-search registry: host[:port], trailing slashes trimmed.</summary>
    internal static string ParseSearchRegistry(string raw, string path)
    {
        var registry = ParseLocation(raw, path);
        return ReferenceGrammar.Domain().IsMatch(registry)
            ? registry
            : throw new RegistriesConfigException($"{path}: invalid unqualified-search-registries entry \"{raw}\": must be host[:port]");
    }

    private static ShortNameMode? ReadShortNameMode(TomlTable root, string path) =>
        TomlValues.GetString(root, "short-name-mode", path) switch
        {
            null or "" => null,
            "enforcing" => ShortNameMode.Enforcing,
            "permissive" => ShortNameMode.Permissive,
            "disabled" => ShortNameMode.Disabled,
            var other => throw new RegistriesConfigException(
                $"{path}: invalid short-name-mode \"{other}\": must be \"enforcing\", \"permissive\" or \"disabled\""),
        };

    private static List<ShortNameAlias> ReadAliases(TomlTable root, string path)
    {
        var table = TomlValues.GetTable(root, "aliases", path);
        if (table is null)
        {
            return [];
        }

        var aliases = new List<ShortNameAlias>(table.Count);
        foreach (var (name, value) in table)
        {
            var text = value as string ?? throw new RegistriesConfigException($"{path}: alias \"{name}\" must be a string");
            aliases.Add(ShortNameAlias.Create(name, text, path));
        }

        return aliases;
    }

    private static List<RegistryEntry> ReadRegistries(TomlTable root, string path, List<string> unknown)
    {
        var tables = TomlValues.GetTableArray(root, "registry", path) ?? [];
        var entries = new List<RegistryEntry>(tables.Count);
        for (var i = 0; i < tables.Count; i++)
        {
            entries.Add(ReadRegistry(tables[i], $"{path}: [[registry]] #{i + 1}", path, unknown));
        }

        return entries;
    }

    private static RegistryEntry ReadRegistry(TomlTable table, string where, string path, List<string> unknown)
    {
        unknown.AddRange(table.Keys.Where(k => !_registryKeys.Contains(k)).Select(k => "registry." + k));
        var location = ParseLocation(TomlValues.GetString(table, "location", where) ?? "", where);
        var prefix = TomlValues.GetString(table, "prefix", where) ?? "";
        if (prefix.Length == 0)
        {
            prefix = location.Length > 0
                ? location
                : throw new RegistriesConfigException($"{where}: invalid condition: both location and prefix are unset");
        }
        else
        {
            prefix = ParseLocation(prefix, where);
            if (!prefix.StartsWith("*.", StringComparison.Ordinal) && location.Length == 0)
            {
                throw new RegistriesConfigException($"{where}: invalid condition: location is unset and prefix \"{prefix}\" is not in the format: *.example.com");
            }
        }

        if (prefix.StartsWith("*.", StringComparison.Ordinal) && prefix.AsSpan().IndexOfAny("/@:") >= 0)
        {
            throw new RegistriesConfigException($"{where}: wildcarded prefix should be in the format: *.example.com; \"{prefix}\" is incorrectly formatted");
        }

        if (TomlValues.GetString(table, "pull-from-mirror", where) is { Length: > 0 })
        {
            throw new RegistriesConfigException($"{where}: pull-from-mirror must not be set for a non-mirror registry \"{prefix}\"");
        }

        var byDigestOnly = TomlValues.GetBool(table, "mirror-by-digest-only", where);
        var mirrorTables = TomlValues.GetTableArray(table, "mirror", where) ?? [];
        var mirrors = new List<RegistryMirror>(mirrorTables.Count);
        foreach (var mirrorTable in mirrorTables)
        {
            unknown.AddRange(mirrorTable.Keys.Where(k => !_mirrorKeys.Contains(k)).Select(k => "registry.mirror." + k));
            mirrors.Add(ReadMirror(mirrorTable, where, prefix, byDigestOnly));
        }

        return new RegistryEntry(
            prefix,
            location,
            TomlValues.GetBool(table, "insecure", where),
            TomlValues.GetBool(table, "blocked", where),
            byDigestOnly,
            mirrors,
            path);
    }

    private static RegistryMirror ReadMirror(TomlTable table, string where, string prefix, bool byDigestOnly)
    {
        var location = ParseLocation(TomlValues.GetString(table, "location", where) ?? "", where);
        if (location.Length == 0)
        {
            throw new RegistriesConfigException($"{where}: invalid condition: mirror location is unset");
        }

        var pullFrom = TomlValues.GetString(table, "pull-from-mirror", where) ?? "";
        if (byDigestOnly && pullFrom.Length > 0)
        {
            throw new RegistriesConfigException(
                $"{where}: cannot set mirror-by-digest-only for the registry (\"{prefix}\") and pull-from-mirror for mirror \"{location}\" at the same time");
        }

        var policy = pullFrom switch
        {
            "" or "all" => MirrorPullPolicy.All,
            "digest-only" => MirrorPullPolicy.DigestOnly,
            "tag-only" => MirrorPullPolicy.TagOnly,
            _ => throw new RegistriesConfigException($"{where}: unsupported pull-from-mirror value \"{pullFrom}\" for mirror \"{location}\""),
        };
        return new RegistryMirror(location, TomlValues.GetBool(table, "insecure", where), policy);
    }

    /// <summary>Rejects conflicting duplicates, keeps the first table per prefix and sorts by prefix (containers/image's postProcessRegistries).</summary>
    internal static List<RegistryEntry> PostProcess(List<RegistryEntry> entries, string path)
    {
        foreach (var group in entries.GroupBy(e => e.Location.Length == 0 ? e.Prefix : e.Location, StringComparer.Ordinal))
        {
            var first = group.First();
            if (group.Any(e => e.Insecure != first.Insecure))
            {
                throw new RegistriesConfigException($"{path}: registry '{group.Key}' is defined multiple times with conflicting 'insecure' setting");
            }

            if (group.Any(e => e.Blocked != first.Blocked))
            {
                throw new RegistriesConfigException($"{path}: registry '{group.Key}' is defined multiple times with conflicting 'blocked' setting");
            }
        }

        return entries
            .DistinctBy(e => e.Prefix, StringComparer.Ordinal)
            .OrderBy(e => e.Prefix, StringComparer.Ordinal)
            .ToList();
    }
}
