using System.Text.Json;

namespace Crisp.Oci.Spec.Model;

/// <summary>Reads and writes config.json.</summary>
public static class RuntimeSpecJson
{
    private static readonly RuntimeSpecJsonContext _indented = new(new JsonSerializerOptions(RuntimeSpecJsonContext.Default.Options)
    {
        WriteIndented = true,
    });

    /// <summary>Serialises a spec with the OCI names; absent (null) fields are left out.</summary>
    public static string Serialize(RuntimeSpec spec, bool indented = false) =>
        JsonSerializer.Serialize(spec, indented ? _indented.RuntimeSpec : RuntimeSpecJsonContext.Default.RuntimeSpec);

    /// <summary>UTF-8 bytes of <see cref="Serialize"/>, ready to write as config.json.</summary>
    public static byte[] SerializeToUtf8Bytes(RuntimeSpec spec, bool indented = false) =>
        JsonSerializer.SerializeToUtf8Bytes(spec, indented ? _indented.RuntimeSpec : RuntimeSpecJsonContext.Default.RuntimeSpec);

    /// <summary>Parses config.json; throws <see cref="JsonException"/> when it is not a spec.</summary>
    public static RuntimeSpec Deserialize(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize(utf8Json, RuntimeSpecJsonContext.Default.RuntimeSpec)
        ?? throw new JsonException("config.json is null");

    /// <inheritdoc cref="Deserialize(ReadOnlySpan{byte})"/>
    public static RuntimeSpec Deserialize(string json) =>
        JsonSerializer.Deserialize(json, RuntimeSpecJsonContext.Default.RuntimeSpec)
        ?? throw new JsonException("config.json is null");

    /// <summary>A <c>linux.resources</c> object on its own, as <c>runc update --resources -</c> reads it.</summary>
    public static string SerializeResources(LinuxResources resources) =>
        JsonSerializer.Serialize(resources, RuntimeSpecJsonContext.Default.LinuxResources);
}
