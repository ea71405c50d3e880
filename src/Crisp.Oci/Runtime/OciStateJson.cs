using System.Globalization;
using System.Text.Json;

namespace Crisp.Oci.Runtime;

/// <summary>Reads the OCI state JSON runc prints for <c>state</c> and <c>list --format json</c>.</summary>
internal static class OciStateJson
{
    public static OciContainerState Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return FromElement(document.RootElement);
    }

    /// <summary>runc prints <c>null</c> when there are no containers.</summary>
    public static IReadOnlyList<OciContainerState> ParseList(string json)
    {
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "null" : json);
        return document.RootElement.ValueKind == JsonValueKind.Array
            ? document.RootElement.EnumerateArray().Select(FromElement).ToList()
            : [];
    }

    private static OciContainerState FromElement(JsonElement element)
    {
        var created = element.TryGetProperty("created", out var c) && c.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(c.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : (DateTimeOffset?)null;
        return new OciContainerState(
            element.GetProperty("id").GetString() ?? "",
            ParseStatus(element.TryGetProperty("status", out var s) ? s.GetString() : null),
            element.TryGetProperty("pid", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetInt32() : 0,
            element.TryGetProperty("bundle", out var b) ? b.GetString() ?? "" : "",
            created);
    }

    internal static OciContainerStatus ParseStatus(string? status) => status switch
    {
        "creating" => OciContainerStatus.Creating,
        "created" => OciContainerStatus.Created,
        "running" => OciContainerStatus.Running,
        "paused" => OciContainerStatus.Paused,
        "stopped" => OciContainerStatus.Stopped,
        _ => OciContainerStatus.Unknown,
    };
}
