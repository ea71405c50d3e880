using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Crisp.Oci.Spec.Building;

/// <summary>
/// Builds the annotation map. Pass-through entries (CRI labels and annotations) are added first and only
/// when their key is a valid Kubernetes qualified name; crisp's own keys are set afterwards, so a pod
/// cannot forge them.
/// </summary>
internal sealed partial class AnnotationSet
{
    private readonly SortedDictionary<string, string> _values = new(StringComparer.Ordinal);

    /// <summary>Adds untrusted entries, skipping invalid keys; returns the keys that were skipped.</summary>
    public IReadOnlyList<string> AddPassThrough(IEnumerable<KeyValuePair<string, string>> entries)
    {
        var skipped = new List<string>();
        foreach (var (key, value) in entries)
        {
            if (IsValidKey(key))
            {
                _values[key] = value;
            }
            else
            {
                skipped.Add(key);
            }
        }

        return skipped;
    }

    public void Set(string key, string? value)
    {
        if (value is not null)
        {
            _values[key] = value;
        }
    }

    public void Set(string key, bool value) => _values[key] = value ? "true" : "false";

    public void SetIfAbsent(string key, string value) => _values.TryAdd(key, value);

    public IReadOnlyDictionary<string, string> ToDictionary() => new Dictionary<string, string>(_values, StringComparer.Ordinal);

    /// <summary>A JSON object with sorted keys.</summary>
    public static string Json(IEnumerable<KeyValuePair<string, string>> map) =>
        JsonSerializer.Serialize(new SortedDictionary<string, string>(map.ToDictionary(), StringComparer.Ordinal), AnnotationJsonContext.Default.SortedDictionaryStringString);

    public static string Json(string name, uint attempt) =>
        JsonSerializer.Serialize(new MetadataJson(name, attempt), AnnotationJsonContext.Default.MetadataJson);

    /// <summary>Go's RFC3339Nano: UTC, trailing zeros of the fraction dropped.</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>A Kubernetes qualified name: an optional DNS subdomain prefix and "/", then a 1-63 character name.</summary>
    public static bool IsValidKey(string key)
    {
        var slash = key.LastIndexOf('/');
        var name = slash < 0 ? key : key[(slash + 1)..];
        if (name.Length is 0 or > 63 || !NamePattern().IsMatch(name))
        {
            return false;
        }

        if (slash < 0)
        {
            return true;
        }

        var prefix = key[..slash];
        return prefix.Length is > 0 and <= 253 && PrefixPattern().IsMatch(prefix);
    }

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?\\z")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\\z")]
    private static partial Regex PrefixPattern();
}

/// <summary>The io.crisp.Metadata value.</summary>
internal sealed record MetadataJson(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("attempt")] uint Attempt);

[JsonSerializable(typeof(SortedDictionary<string, string>))]
[JsonSerializable(typeof(MetadataJson))]
internal sealed partial class AnnotationJsonContext : JsonSerializerContext
{
}
