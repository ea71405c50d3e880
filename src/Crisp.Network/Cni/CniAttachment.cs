using System.Text.Json.Nodes;

namespace Crisp.Network.Cni;

/// <summary>
/// The per-attachment parameters of one plugin call (libcni's RuntimeConf): container id, namespace, interface,
/// CNI_ARGS pairs and the capability arguments offered to plugins that declare them.
/// </summary>
internal sealed record CniAttachment(
    string ContainerId,
    string NetnsPath,
    string InterfaceName,
    IReadOnlyList<KeyValuePair<string, string>> Args,
    JsonObject CapabilityArgs)
{
    /// <summary>CNI_ARGS: <c>K=V</c> pairs joined with semicolons.</summary>
    public string ArgsString => string.Join(';', Args.Select(a => $"{a.Key}={a.Value}"));

    /// <summary>libcni's rule for container ids (they become parts of file and chain names).</summary>
    public static bool IsValidContainerId(string id) =>
        id.Length > 0 && char.IsAsciiLetterOrDigit(id[0]) && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');

    /// <summary>Linux interface names: 1-15 bytes, no '/', ':' or white space, not "." or "..".</summary>
    public static bool IsValidInterfaceName(string name) =>
        name.Length is > 0 and <= 15 && name is not "." and not ".." && !name.Any(c => c is '/' or ':' || char.IsWhiteSpace(c) || c > 0x7e);
}
