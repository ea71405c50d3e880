using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Crisp.IntegrationTests.Harness.Registry;

/// <summary>Writes config, manifest and index JSON with a fixed member order (so digests are reproducible).</summary>
internal static class ImageJson
{
    // Keeps '+' in media types unescaped (the default encoder writes it as \u002B).
    private static readonly JsonWriterOptions _options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Config(OciPlatform platform, DateTimeOffset created, ImageConfig config, IReadOnlyList<string> diffIds,
        IReadOnlyList<HistoryEntry> history) => Write(w =>
    {
        w.WriteString("created", Timestamp(created));
        w.WriteString("architecture", platform.Architecture);
        w.WriteString("os", platform.Os);
        if (platform.Variant is not null)
        {
            w.WriteString("variant", platform.Variant);
        }

        w.WriteStartObject("config");
        WriteOptional(w, "User", config.User);
        WriteSet(w, "ExposedPorts", config.ExposedPorts);
        WriteList(w, "Env", config.Env);
        if (config.Entrypoint is not null)
        {
            WriteList(w, "Entrypoint", config.Entrypoint, always: true);
        }

        if (config.Cmd is not null)
        {
            WriteList(w, "Cmd", config.Cmd, always: true);
        }

        WriteSet(w, "Volumes", config.Volumes);
        WriteOptional(w, "WorkingDir", config.WorkingDir);
        WriteMap(w, "Labels", config.Labels);
        WriteOptional(w, "StopSignal", config.StopSignal);
        w.WriteEndObject();

        w.WriteStartObject("rootfs");
        w.WriteString("type", "layers");
        WriteList(w, "diff_ids", diffIds, always: true);
        w.WriteEndObject();

        w.WriteStartArray("history");
        foreach (var entry in history)
        {
            w.WriteStartObject();
            w.WriteString("created", Timestamp(entry.Created));
            w.WriteString("created_by", entry.CreatedBy);
            WriteOptional(w, "comment", entry.Comment);
            if (entry.EmptyLayer)
            {
                w.WriteBoolean("empty_layer", true);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    public static byte[] Manifest(ImageFormat format, Descriptor config, IReadOnlyList<Descriptor> layers,
        IReadOnlyDictionary<string, string> annotations) => Write(w =>
    {
        w.WriteNumber("schemaVersion", 2);
        w.WriteString("mediaType", MediaTypes.Manifest(format));
        w.WritePropertyName("config");
        WriteDescriptor(w, config);
        w.WriteStartArray("layers");
        foreach (var layer in layers)
        {
            WriteDescriptor(w, layer);
        }

        w.WriteEndArray();
        WriteMap(w, "annotations", annotations);
    });

    public static byte[] Index(ImageFormat format, IReadOnlyList<Descriptor> manifests, IReadOnlyDictionary<string, string> annotations) => Write(w =>
    {
        w.WriteNumber("schemaVersion", 2);
        w.WriteString("mediaType", MediaTypes.Index(format));
        w.WriteStartArray("manifests");
        foreach (var manifest in manifests)
        {
            WriteDescriptor(w, manifest);
        }

        w.WriteEndArray();
        WriteMap(w, "annotations", annotations);
    });

    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void WriteDescriptor(Utf8JsonWriter w, Descriptor descriptor)
    {
        w.WriteStartObject();
        w.WriteString("mediaType", descriptor.MediaType);
        w.WriteString("digest", descriptor.Digest);
        w.WriteNumber("size", descriptor.Size);
        if (descriptor.Platform is { } platform)
        {
            w.WriteStartObject("platform");
            w.WriteString("architecture", platform.Architecture);
            w.WriteString("os", platform.Os);
            WriteOptional(w, "variant", platform.Variant);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, _options))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteList(Utf8JsonWriter w, string name, IReadOnlyList<string> values, bool always = false)
    {
        if (values.Count == 0 && !always)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    /// <summary>Docker's set encoding: {"80/tcp": {}}.</summary>
    private static void WriteSet(Utf8JsonWriter w, string name, IReadOnlyList<string> keys)
    {
        if (keys.Count == 0)
        {
            return;
        }

        w.WriteStartObject(name);
        foreach (var key in keys)
        {
            w.WriteStartObject(key);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteMap(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, string> map)
    {
        if (map.Count == 0)
        {
            return;
        }

        w.WriteStartObject(name);
        foreach (var (key, value) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.WriteString(key, value);
        }

        w.WriteEndObject();
    }
}
