using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crisp.Config;

/// <summary>Writes <see cref="TimeSpan"/> values as Go duration strings ("5s"), the way crio.conf spells them.</summary>
internal sealed class GoDurationJsonConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString() ?? throw new JsonException("expected a duration string");
        return GoDuration.TryParse(text, out var value, out var error) ? value : throw new JsonException(error);
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
        writer.WriteStringValue(GoDuration.Format(value));
}
