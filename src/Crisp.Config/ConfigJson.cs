using System.Text;
using System.Text.Json;

namespace Crisp.Config;

/// <summary>
/// JSON rendering of the configuration, e.g. for the verbose <c>info</c> of the CRI <c>Status</c> call.
/// Property names follow the crio.conf keys (snake_case); durations are Go duration strings.
/// </summary>
public static class ConfigJson
{
    /// <summary>Serializes <paramref name="config"/>; <paramref name="indented"/> pretty-prints it.</summary>
    public static string Serialize(CrispConfig config, bool indented = false)
    {
        ArgumentNullException.ThrowIfNull(config);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            JsonSerializer.Serialize(writer, config, ConfigJsonContext.Default.CrispConfig);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
