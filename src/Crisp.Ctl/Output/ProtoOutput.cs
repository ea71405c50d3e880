using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;

namespace Crisp.Ctl.Output;

/// <summary>
/// Messages printed as crictl prints them with <c>-o json</c> (protobuf JSON: camelCase names, defaults included,
/// two-space indentation) or <c>-o yaml</c> (the same converted to YAML).
/// </summary>
public static class ProtoOutput
{
    private static readonly JsonFormatter _formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    public static string Json(IMessage message) => Write(Format(message));

    /// <summary>The message as protobuf JSON, bytes fields as the text they hold (see <see cref="BytesFields"/>).</summary>
    private static JsonNode Format(IMessage message)
    {
        var node = JsonNode.Parse(_formatter.Format(message))!;
        if (node is JsonObject root)
        {
            BytesFields.Convert(root, message.Descriptor, b => Encoding.UTF8.GetString(System.Convert.FromBase64String(b)));
        }

        return node;
    }

    /// <summary>
    /// An inspect result: <c>{"status": …, "info": {…}}</c> where each verbose info value that is JSON is embedded as
    /// JSON (crictl does the same), and any other value as a string.
    /// </summary>
    public static string Inspect(IMessage? status, IReadOnlyDictionary<string, string>? info, bool flattenInfo = false)
    {
        var root = new JsonObject { ["status"] = status is null ? null : Format(status) };
        if (flattenInfo && info is not null)
        {
            foreach (var (key, value) in info.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                root[key] = TryParse(value) ?? JsonValue.Create(value);
            }
        }
        else if (info is { Count: > 0 })
        {
            var infoNode = new JsonObject();
            foreach (var (key, value) in info.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                infoNode[key] = TryParse(value) ?? JsonValue.Create(value);
            }

            root["info"] = infoNode;
        }

        return Write(root);
    }

    /// <summary>Prints <paramref name="json"/> in the requested format ("json" or "yaml").</summary>
    public static void Print(string json, string format)
    {
        Console.Out.Write(format == "yaml" ? Yaml.FromJson(json) : json + "\n");
    }

    public static void Print(IMessage message, string format) => Print(Json(message), format);

    private static JsonNode? TryParse(string value)
    {
        try
        {
            return JsonNode.Parse(value);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Write(JsonNode node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            node.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static JsonWriterOptions Options => new()
    {
        Indented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
