using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crisp.Cri.Streaming.Remote;

/// <summary>
/// The Kubernetes <c>Status</c> object the v4/v5 remote-command protocols send on the error stream when the
/// command ends: Success for exit code 0; Failure with reason NonZeroExitCode and the code as an ExitCode cause
/// otherwise (kubectl turns that into its own exit code); Failure with a message for an error of the runtime.
/// </summary>
public static class ExitStatusJson
{
    public static byte[] Success() =>
        JsonSerializer.SerializeToUtf8Bytes(new StatusObject { Status = "Success" }, StatusJsonContext.Default.StatusObject);

    public static byte[] NonZeroExit(int exitCode) =>
        JsonSerializer.SerializeToUtf8Bytes(
            new StatusObject
            {
                Status = "Failure",
                Message = $"command terminated with non-zero exit code: error executing command, exit status {exitCode}",
                Reason = "NonZeroExitCode",
                Details = new StatusDetails
                {
                    Causes = [new StatusCause { Reason = "ExitCode", Message = exitCode.ToString(CultureInfo.InvariantCulture) }],
                },
            },
            StatusJsonContext.Default.StatusObject);

    public static byte[] Error(string message) =>
        JsonSerializer.SerializeToUtf8Bytes(new StatusObject { Status = "Failure", Message = message, Reason = "InternalError" }, StatusJsonContext.Default.StatusObject);

    /// <summary>For exit codes: what the v4 protocols send; the older ones only send a message for a failure.</summary>
    public static byte[] For(int exitCode) => exitCode == 0 ? Success() : NonZeroExit(exitCode);

    /// <summary>
    /// What the error stream carries at the end: with a Status object (v4/v5) always one, for success too; with the
    /// older protocols only a failure, as text; null when nothing is to be sent.
    /// </summary>
    public static byte[]? Payload(bool statusObject, int? exitCode, string? error) => (statusObject, exitCode, error) switch
    {
        (true, _, { } text) => Error(text),
        (true, { } code, null) => For(code),
        (true, null, null) => Success(),
        (false, _, { } text) => System.Text.Encoding.UTF8.GetBytes(text),
        (false, { } code, null) when code != 0 => System.Text.Encoding.UTF8.GetBytes($"command terminated with non-zero exit code: exit status {code}"),
        _ => null,
    };
}

internal sealed record StatusObject
{
    [JsonPropertyName("metadata")]
    public StatusMetadata Metadata { get; init; } = new();

    [JsonPropertyName("status")]
    public required string Status { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }

    [JsonPropertyName("reason")]
    public string? Reason { get; init; }

    [JsonPropertyName("details")]
    public StatusDetails? Details { get; init; }
}

internal sealed record StatusMetadata;

internal sealed record StatusDetails
{
    [JsonPropertyName("causes")]
    public IReadOnlyList<StatusCause> Causes { get; init; } = [];
}

internal sealed record StatusCause
{
    [JsonPropertyName("reason")]
    public required string Reason { get; init; }

    [JsonPropertyName("message")]
    public required string Message { get; init; }
}

/// <summary>A terminal size as the resize stream carries it: <c>{"Width":80,"Height":24}</c>.</summary>
public sealed record ResizeEvent(
    [property: JsonPropertyName("Width")] ushort Width,
    [property: JsonPropertyName("Height")] ushort Height);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StatusObject))]
[JsonSerializable(typeof(ResizeEvent))]
internal sealed partial class StatusJsonContext : JsonSerializerContext;
