using System.Text;
using System.Text.Json.Nodes;

namespace Crisp.Network.Cni;

/// <summary>
/// A network configuration list as it is executed: name, version, and the plugin configurations in chain order.
/// A single-plugin configuration (<c>.conf</c>) is wrapped into a list, as libcni's ConfListFromConf does.
/// </summary>
internal sealed class CniNetworkList
{
    private CniNetworkList(string name, string cniVersion, bool disableCheck, IReadOnlyList<JsonObject> plugins, byte[] bytes, string source)
    {
        Name = name;
        CniVersion = cniVersion;
        DisableCheck = disableCheck;
        Plugins = plugins;
        Bytes = bytes;
        Source = source;
    }

    public string Name { get; }

    /// <summary>The version the runtime uses: <c>cniVersion</c>, or the highest supported one of <c>cniVersions</c>.</summary>
    public string CniVersion { get; }

    public bool DisableCheck { get; }

    /// <summary>Each plugin's configuration object, unchanged (callers clone before adding fields).</summary>
    public IReadOnlyList<JsonObject> Plugins { get; }

    /// <summary>The list's JSON, as cached for DEL and CHECK after a restart.</summary>
    public byte[] Bytes { get; }

    /// <summary>Where the configuration came from (a file, or the result cache).</summary>
    public string Source { get; }

    public IEnumerable<string> PluginTypes => Plugins.Select(TypeOf);

    public static string TypeOf(JsonObject plugin) => (string)plugin["type"]!;

    /// <summary>Parses a list (<c>plugins</c> array) or a single plugin configuration. Throws <see cref="InvalidDataException"/>.</summary>
    public static CniNetworkList Parse(byte[] bytes, string source)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(bytes);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidDataException($"invalid JSON: {e.Message}", e);
        }

        if (node is not JsonObject root)
        {
            throw new InvalidDataException("not a JSON object");
        }

        var name = RequiredString(root, "name");
        if (!IsValidName(name))
        {
            throw new InvalidDataException($"invalid network name \"{name}\"");
        }

        var version = SelectVersion(root);
        var plugins = new List<JsonObject>();
        if (root["plugins"] is { } list)
        {
            if (list is not JsonArray array || array.Count == 0)
            {
                throw new InvalidDataException("\"plugins\" must be a non-empty array");
            }

            foreach (var plugin in array)
            {
                plugins.Add(ValidPlugin(plugin));
            }
        }
        else
        {
            var plugin = ValidPlugin(root);
            plugins.Add(plugin);
            var wrapped = new JsonObject
            {
                ["cniVersion"] = version,
                ["name"] = name,
                ["plugins"] = new JsonArray(plugin.DeepClone()),
            };
            bytes = Encoding.UTF8.GetBytes(wrapped.ToJsonString());
        }

        return new CniNetworkList(name, version, ReadBool(root, "disableCheck"), plugins, bytes, source);
    }

    /// <summary>libcni's rule for network names.</summary>
    public static bool IsValidName(string name) =>
        name.Length > 0 && char.IsAsciiLetterOrDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');

    private static string SelectVersion(JsonObject root)
    {
        var declared = OptionalString(root, "cniVersion") ?? "0.1.0";
        if (!CniSpec.IsValid(declared))
        {
            throw new InvalidDataException($"invalid cniVersion \"{declared}\"");
        }

        if (root["cniVersions"] is not JsonArray versions)
        {
            return declared;
        }

        // The highest of cniVersion and cniVersions that this runtime implements (spec 1.1, libcni).
        var candidates = new List<string>();
        if (OptionalString(root, "cniVersion") is not null)
        {
            candidates.Add(declared);
        }

        foreach (var entry in versions)
        {
            var text = entry is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;
            if (text is null || !CniSpec.IsValid(text))
            {
                throw new InvalidDataException($"invalid cniVersions entry {entry?.ToJsonString()}");
            }

            candidates.Add(text);
        }

        var usable = candidates.Where(v => CniSpec.Compare(v, CniSpec.Latest) <= 0).ToList();
        return usable.Count == 0 ? declared : usable.Aggregate((a, b) => CniSpec.Compare(a, b) >= 0 ? a : b);
    }

    private static JsonObject ValidPlugin(JsonNode? node)
    {
        if (node is not JsonObject plugin)
        {
            throw new InvalidDataException("a plugin configuration is not a JSON object");
        }

        var type = RequiredString(plugin, "type");
        if (type.Contains('/', StringComparison.Ordinal) || type is "." or "..")
        {
            throw new InvalidDataException($"invalid plugin type \"{type}\"");
        }

        return plugin;
    }

    private static bool ReadBool(JsonObject root, string property) => root[property] switch
    {
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<string>(out var s) => string.Equals(s, "true", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    private static string RequiredString(JsonObject element, string property) =>
        OptionalString(element, property) is { Length: > 0 } value ? value : throw new InvalidDataException($"missing \"{property}\"");

    private static string? OptionalString(JsonObject element, string property) =>
        element[property] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
