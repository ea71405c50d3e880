using System.Text.Json.Nodes;
using Google.Protobuf.Reflection;

namespace Crisp.Ctl;

/// <summary>
/// crisp's proto has <c>KeyValue.value</c> (env values) as bytes where cri-api has a string — the same on the wire,
/// but protobuf JSON writes bytes as base64. crictl's files and output carry the text, so crisp ctl converts every
/// bytes field between text and base64 on the way in and out.
/// </summary>
internal static class BytesFields
{
    /// <summary>Replaces the value of every bytes field below <paramref name="json"/> by <paramref name="convert"/> of it.</summary>
    public static void Convert(JsonObject json, MessageDescriptor descriptor, Func<string, string> convert)
    {
        foreach (var (key, value) in json.ToList())
        {
            var field = descriptor.FindFieldByName(key) ?? descriptor.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == key);
            if (field is null || value is null || field.IsMap)
            {
                continue;
            }

            var items = field.IsRepeated && value is JsonArray array ? array.ToArray() : new[] { value };
            foreach (var item in items)
            {
                if (field.FieldType == FieldType.Message && item is JsonObject child)
                {
                    Convert(child, field.MessageType, convert);
                }
                else if (field.FieldType == FieldType.Bytes && item is JsonValue v && v.TryGetValue<string>(out var text))
                {
                    var converted = JsonValue.Create(convert(text));
                    if (item.Parent is JsonArray parent)
                    {
                        parent[parent.IndexOf(item)] = converted;
                    }
                    else
                    {
                        json[key] = converted;
                    }
                }
            }
        }
    }
}
