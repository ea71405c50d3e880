using System.Collections;
using System.Text;

namespace Crisp.Cri.Streaming.Spdy;

/// <summary>
/// The name/value header block of a SPDY stream: names are lower-case (they are lower-cased when added) and
/// unique, each with one or more values in order (sent NUL-separated). Values may not contain NUL.
/// Supports collection initializers: <c>new SpdyHeaders { { "streamtype", "stdout" } }</c>.
/// </summary>
public sealed class SpdyHeaders : IEnumerable<KeyValuePair<string, IReadOnlyList<string>>>
{
    private readonly List<string> _names = [];
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    /// <summary>How many distinct names there are.</summary>
    public int Count => _names.Count;

    /// <summary>The first value of <paramref name="name"/> (any case), or null when it is absent.</summary>
    public string? this[string name] => _values.TryGetValue(Normalize(name), out var values) ? values[0] : null;

    /// <summary>Adds a value to <paramref name="name"/> (lower-cased), after any values it already has.</summary>
    /// <exception cref="ArgumentException">The name is empty, or either contains a NUL.</exception>
    public SpdyHeaders Add(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        if (name.Contains('\0', StringComparison.Ordinal) || value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("SPDY header names and values cannot contain NUL");
        }

        var key = Normalize(name);
        if (!_values.TryGetValue(key, out var values))
        {
            values = [];
            _values.Add(key, values);
            _names.Add(key);
        }

        values.Add(value);
        return this;
    }

    /// <summary>Every value of <paramref name="name"/> (any case); empty when it is absent.</summary>
    public IReadOnlyList<string> GetValues(string name) =>
        _values.TryGetValue(Normalize(name), out var values) ? values : [];

    /// <summary>Whether <paramref name="name"/> (any case) is present.</summary>
    public bool Contains(string name) => _values.ContainsKey(Normalize(name));

    /// <summary>Each name with its values, in the order names were first added.</summary>
    public IEnumerator<KeyValuePair<string, IReadOnlyList<string>>> GetEnumerator()
    {
        foreach (var name in _names)
        {
            yield return new KeyValuePair<string, IReadOnlyList<string>>(name, _values[name]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>"name: value | value, name: value" (for logs).</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var name in _names)
        {
            if (text.Length > 0)
            {
                text.Append(", ");
            }

            text.Append(name).Append(": ").AppendJoin(" | ", _values[name]);
        }

        return text.ToString();
    }

    /// <summary>A copy holding this block's values followed by <paramref name="more"/>'s (HEADERS frames augment a stream).</summary>
    internal SpdyHeaders MergedWith(SpdyHeaders more)
    {
        var result = new SpdyHeaders();
        foreach (var (name, values) in this)
        {
            foreach (var value in values)
            {
                result.Add(name, value);
            }
        }

        foreach (var (name, values) in more)
        {
            foreach (var value in values)
            {
                result.Add(name, value);
            }
        }

        return result;
    }

    private static string Normalize(string name) => name.ToLowerInvariant();
}
