using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Crisp.Ctl.Input;

/// <summary>
/// Loads the JSON or YAML files crictl takes (<c>runp POD.json</c>, <c>create POD CTR.json POD.json</c>, …) into CRI
/// messages. Field names may be the proto's snake_case or Kubernetes-style camelCase; unknown fields are ignored as
/// crictl's decoder ignores them. YAML is chosen by the extension (.yaml/.yml) or when the content is not JSON.
/// </summary>
public static class ConfigFiles
{
    private static readonly JsonParser _parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public static T Load<T>(string path, MessageParser<T> parser, string what)
        where T : IMessage<T>, new()
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (FileNotFoundException)
        {
            throw new CtlException($"load {what}: open {path}: no such file or directory");
        }
        catch (DirectoryNotFoundException)
        {
            throw new CtlException($"load {what}: open {path}: no such file or directory");
        }
        catch (IOException e)
        {
            throw new CtlException($"load {what}: read {path}: {e.Message}");
        }
        catch (UnauthorizedAccessException)
        {
            throw new CtlException($"load {what}: open {path}: permission denied");
        }

        try
        {
            return Parse(text, IsYaml(path, text), parser);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidJsonException or FormatException or JsonException or InvalidOperationException)
        {
            throw new CtlException($"load {what} from {path}: {OneLine(e.Message)}");
        }
    }

    public static T Parse<T>(string text, bool yaml, MessageParser<T> parser)
        where T : IMessage<T>, new()
    {
        if (!yaml)
        {
            // KeyValue.value (env values) is bytes in this proto but a string in cri-api: files carry it as text.
            var node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false });
            if (node is JsonObject root)
            {
                BytesFields.Convert(root, new T().Descriptor, t => Convert.ToBase64String(Encoding.UTF8.GetBytes(t)));
                text = root.ToJsonString();
            }

            return _parser.Parse<T>(text);
        }

        var descriptor = new T().Descriptor;
        var tree = YamlReader.Parse(text);
        var json = tree switch
        {
            null => new JsonObject(),
            YamlMap map => Message(map, descriptor),
            _ => throw new FormatException($"the document is not a mapping of {descriptor.Name} fields"),
        };
        return _parser.Parse<T>(json.ToJsonString());
    }

    private static bool IsYaml(string path, string text) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
            || !(text.TrimStart().StartsWith('{') || path.EndsWith(".json", StringComparison.OrdinalIgnoreCase));

    /// <summary>A YAML mapping as JSON for <paramref name="descriptor"/>, each scalar typed by its field (a plain "1" for a string field stays a string).</summary>
    private static JsonObject Message(YamlMap map, MessageDescriptor descriptor)
    {
        var json = new JsonObject();
        foreach (var (key, value) in map)
        {
            var field = descriptor.FindFieldByName(key) ?? descriptor.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == key);
            if (field is null || value is YamlScalar { IsNull: true } || value is null)
            {
                continue;
            }

            json[key] = Field(value, field, key);
        }

        return json;
    }

    private static JsonNode? Field(object value, FieldDescriptor field, string key)
    {
        if (field.IsMap)
        {
            var valueField = field.MessageType.FindFieldByNumber(2);
            var map = value as YamlMap ?? throw new FormatException($"field \"{key}\" must be a mapping");
            var json = new JsonObject();
            foreach (var (k, v) in map)
            {
                json[k] = v is null ? null : Single(v, valueField, k);
            }

            return json;
        }

        if (field.IsRepeated)
        {
            var list = value as List<object?> ?? throw new FormatException($"field \"{key}\" must be a sequence");
            return new JsonArray([.. list.Select(item => item is null ? null : Single(item, field, key))]);
        }

        return Single(value, field, key);
    }

    private static JsonNode? Single(object value, FieldDescriptor field, string key)
    {
        if (field.FieldType == FieldType.Message)
        {
            return value is YamlMap map ? Message(map, field.MessageType) : throw new FormatException($"field \"{key}\" must be a mapping");
        }

        if (value is not YamlScalar scalar)
        {
            throw new FormatException($"field \"{key}\" must be a single value");
        }

        return field.FieldType switch
        {
            FieldType.Bool => scalar.Text.ToLowerInvariant() switch
            {
                "true" or "yes" or "on" => JsonValue.Create(true),
                "false" or "no" or "off" => JsonValue.Create(false),
                _ => throw new FormatException($"field \"{key}\": \"{scalar.Text}\" is not a boolean"),
            },
            FieldType.Bytes => JsonValue.Create(Convert.ToBase64String(Encoding.UTF8.GetBytes(scalar.Text))),
            FieldType.Enum when !scalar.Quoted && long.TryParse(scalar.Text, out var number) => JsonValue.Create(number),
            _ => JsonValue.Create(scalar.Text),
        };
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
