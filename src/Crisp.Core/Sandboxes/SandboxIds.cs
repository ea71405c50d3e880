using System.Security.Cryptography;

namespace Crisp.Core.Sandboxes;

/// <summary>Sandbox and container ids: 64 random lower-case hex digits, as CRI-O makes them.</summary>
public static class SandboxIds
{
    public const int Length = 64;

    public static string New() => RandomNumberGenerator.GetHexString(Length, lowercase: true);

    public static bool IsValid(string? id) => id is { Length: Length } && id.All(char.IsAsciiHexDigitLower);

    /// <summary>Returns <paramref name="id"/> when it is a well-formed id (ids become file names), else throws.</summary>
    public static string Validate(string id) =>
        IsValid(id) ? id : throw new ArgumentException($"invalid sandbox id \"{id}\"", nameof(id));
}
