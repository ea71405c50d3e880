using System.Text.Json;

namespace Crisp.Network;

/// <summary>
/// Finds the network configuration crisp uses: the first valid <c>.conf</c>, <c>.conflist</c> or <c>.json</c>
/// file in the network directory, in lexical order (as libcni and CRI-O do).
/// </summary>
public static class CniConfigFinder
{
    private static readonly string[] _extensions = [".conf", ".conflist", ".json"];

    /// <summary>Returns the first valid config, or null with the reasons the files found were skipped.</summary>
    public static CniConfigFile? FindFirst(string directory, ICollection<string>? skipped = null)
    {
        return Find(directory, null, skipped);
    }

    /// <summary>
    /// Returns the first valid config whose network <c>name</c> is <paramref name="networkName"/> (CRI-O's
    /// <c>cni_default_network</c>), or null with the reasons files were skipped.
    /// </summary>
    public static CniConfigFile? FindByName(string directory, string networkName, ICollection<string>? skipped = null) =>
        Find(directory, networkName, skipped);

    /// <summary>The candidate files: <c>.conf</c>, <c>.conflist</c> and <c>.json</c>, in lexical (ordinal) order.</summary>
    internal static IEnumerable<string> CandidateFiles(string directory) =>
        !Directory.Exists(directory)
            ? []
            : Directory.EnumerateFiles(directory)
                .Where(f => _extensions.Contains(Path.GetExtension(f), StringComparer.Ordinal))
                .Order(StringComparer.Ordinal);

    private static CniConfigFile? Find(string directory, string? networkName, ICollection<string>? skipped)
    {
        foreach (var file in CandidateFiles(directory))
        {
            try
            {
                var config = Parse(file, File.ReadAllText(file));
                if (networkName is null || config.NetworkName == networkName)
                {
                    return config;
                }
            }
            catch (Exception e) when (e is JsonException or InvalidDataException or IOException or UnauthorizedAccessException)
            {
                skipped?.Add($"{file}: {e.Message}");
            }
        }

        return null;
    }

    /// <summary>Parses one file: a list (<c>plugins</c> array) or a single plugin config.</summary>
    internal static CniConfigFile Parse(string path, string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException("not a JSON object");
        }

        var name = RequiredString(root, "name");
        var version = OptionalString(root, "cniVersion") ?? "0.1.0";
        var types = new List<string>();
        if (root.TryGetProperty("plugins", out var plugins))
        {
            if (plugins.ValueKind != JsonValueKind.Array || plugins.GetArrayLength() == 0)
            {
                throw new InvalidDataException("\"plugins\" must be a non-empty array");
            }

            foreach (var plugin in plugins.EnumerateArray())
            {
                types.Add(RequiredString(plugin, "type"));
            }
        }
        else
        {
            types.Add(RequiredString(root, "type"));
        }

        return new CniConfigFile(path, name, version, types);
    }

    private static string RequiredString(JsonElement element, string property) =>
        OptionalString(element, property) is { Length: > 0 } value
            ? value
            : throw new InvalidDataException($"missing \"{property}\"");

    private static string? OptionalString(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty(property, out var value)
        && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
