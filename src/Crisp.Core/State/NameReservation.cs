namespace Crisp.Core.State;

/// <summary>
/// The answer to <see cref="NameRegistry.Reserve"/>: either the name is now held for the caller's id, or a finished
/// create already owns it and <see cref="Id"/> is that object's id (a kubelet retry gets the earlier result).
/// </summary>
public readonly record struct NameReservation(bool Reserved, string Id)
{
    public static NameReservation Taken(string id) => new(true, id);

    public static NameReservation Existing(string id) => new(false, id);
}
