using System.Text.Json.Nodes;

namespace Crisp.Network.Cni;

/// <summary>
/// What is recorded after a successful ADD (libcni's <c>cniCacheV1</c> entry): the configuration used, the
/// attachment parameters and the final result, so DEL and CHECK after a restart use exactly the same.
/// </summary>
internal sealed record CachedAttachment(
    string NetworkName,
    string ContainerId,
    string InterfaceName,
    string NetnsPath,
    byte[] Config,
    IReadOnlyList<KeyValuePair<string, string>> CniArgs,
    JsonObject CapabilityArgs,
    JsonObject? Result);
