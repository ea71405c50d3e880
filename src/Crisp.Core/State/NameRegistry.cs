namespace Crisp.Core.State;

/// <summary>
/// Unique names (pod sandbox names, later container names) and who holds them. A name is reserved when a create
/// starts, marked complete when it finishes and released when the object is removed or its create failed. As with
/// CRI-O's name index and resource cache: while the first create of a name is still in flight, another
/// reservation fails with <see cref="NameReservedException"/>; once it finished, a retry with the same name is
/// told the existing id instead of failing.
/// </summary>
public sealed class NameRegistry
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Holder> _names = new(StringComparer.Ordinal);

    /// <summary>Reserves <paramref name="name"/> for <paramref name="id"/>, or reports the finished object that has it.</summary>
    /// <exception cref="NameReservedException">Another create of the name is still in flight.</exception>
    public NameReservation Reserve(string name, string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(id);
        lock (_gate)
        {
            if (_names.TryGetValue(name, out var holder) && holder.Id != id)
            {
                return holder.Complete ? NameReservation.Existing(holder.Id) : throw new NameReservedException(name, holder.Id);
            }

            _names[name] = new Holder(id, holder?.Complete ?? false);
            return NameReservation.Taken(id);
        }
    }

    /// <summary>Marks the create under <paramref name="name"/> as finished.</summary>
    public void Complete(string name, string id)
    {
        lock (_gate)
        {
            if (_names.TryGetValue(name, out var holder) && holder.Id == id)
            {
                _names[name] = holder with { Complete = true };
            }
        }
    }

    /// <summary>Records a name of an object loaded from disk (a finished create).</summary>
    public void Restore(string name, string id)
    {
        lock (_gate)
        {
            _names[name] = new Holder(id, Complete: true);
        }
    }

    /// <summary>Frees <paramref name="name"/> if <paramref name="id"/> holds it; returns whether it did.</summary>
    public bool Release(string name, string id)
    {
        lock (_gate)
        {
            return _names.TryGetValue(name, out var holder) && holder.Id == id && _names.Remove(name);
        }
    }

    /// <summary>The id holding <paramref name="name"/>, or null.</summary>
    public string? HolderOf(string name)
    {
        lock (_gate)
        {
            return _names.TryGetValue(name, out var holder) ? holder.Id : null;
        }
    }

    private sealed record Holder(string Id, bool Complete);
}
