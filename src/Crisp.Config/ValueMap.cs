using System.Collections;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace Crisp.Config;

/// <summary>
/// An immutable string-keyed map with value equality; keys enumerate in ordinal order so output is deterministic.
/// </summary>
public sealed class ValueMap<TValue> : IReadOnlyDictionary<string, TValue>, IEquatable<ValueMap<TValue>>
{
    private readonly ImmutableSortedDictionary<string, TValue> _items;

    internal ValueMap(ImmutableSortedDictionary<string, TValue> items)
    {
        _items = items;
    }

    /// <summary>The empty map.</summary>
    public static ValueMap<TValue> Empty { get; } = new(ImmutableSortedDictionary.Create<string, TValue>(StringComparer.Ordinal));

    /// <inheritdoc />
    public int Count => _items.Count;

    /// <inheritdoc />
    public IEnumerable<string> Keys => _items.Keys;

    /// <inheritdoc />
    public IEnumerable<TValue> Values => _items.Values;

    /// <inheritdoc />
    public TValue this[string key] => _items[key];

    /// <summary>Returns a map where <paramref name="key"/> maps to <paramref name="value"/>.</summary>
    public ValueMap<TValue> SetItem(string key, TValue value) => new(_items.SetItem(key, value));

    /// <summary>Returns a map without <paramref name="key"/>.</summary>
    public ValueMap<TValue> Remove(string key) => _items.ContainsKey(key) ? new(_items.Remove(key)) : this;

    /// <inheritdoc />
    public bool ContainsKey(string key) => _items.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TValue value) => _items.TryGetValue(key, out value);

    /// <inheritdoc />
    public bool Equals(ValueMap<TValue>? other)
    {
        if (other is null)
        {
            return false;
        }

        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other.Count != Count)
        {
            return false;
        }

        foreach (var (key, value) in _items)
        {
            if (!other._items.TryGetValue(key, out var otherValue) || !EqualityComparer<TValue>.Default.Equals(value, otherValue))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ValueMap<TValue>);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (key, value) in _items)
        {
            hash.Add(key, StringComparer.Ordinal);
            hash.Add(value);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => "{" + string.Join(", ", _items.Select(kv => kv.Key + "=" + kv.Value)) + "}";

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, TValue>> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Content equality.</summary>
    public static bool operator ==(ValueMap<TValue>? left, ValueMap<TValue>? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Content inequality.</summary>
    public static bool operator !=(ValueMap<TValue>? left, ValueMap<TValue>? right) => !(left == right);
}

/// <summary>Factory methods for <see cref="ValueMap{TValue}"/>.</summary>
public static class ValueMap
{
    /// <summary>Creates a map from key/value pairs; a later duplicate key wins.</summary>
    public static ValueMap<TValue> Create<TValue>(params ReadOnlySpan<(string Key, TValue Value)> items)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, TValue>(StringComparer.Ordinal);
        foreach (var (key, value) in items)
        {
            builder[key] = value;
        }

        return builder.Count == 0 ? ValueMap<TValue>.Empty : new ValueMap<TValue>(builder.ToImmutable());
    }

    /// <summary>Creates a map from a sequence of pairs; a later duplicate key wins.</summary>
    public static ValueMap<TValue> From<TValue>(IEnumerable<KeyValuePair<string, TValue>> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var builder = ImmutableSortedDictionary.CreateBuilder<string, TValue>(StringComparer.Ordinal);
        foreach (var (key, value) in items)
        {
            builder[key] = value;
        }

        return builder.Count == 0 ? ValueMap<TValue>.Empty : new ValueMap<TValue>(builder.ToImmutable());
    }
}
