namespace Crisp.Core.State;

/// <summary>A name is held by a create that has not finished yet (a concurrent or retried request).</summary>
public sealed class NameReservedException(string name, string holderId)
    : Exception($"name \"{name}\" is reserved for \"{holderId}\"")
{
    public string Name { get; } = name;

    /// <summary>The id of the object being created under the name.</summary>
    public string HolderId { get; } = holderId;
}
