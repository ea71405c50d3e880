namespace Crisp.Oci.Spec.Building;

/// <summary>An ordered KEY=value list where setting an existing key replaces it in place.</summary>
internal sealed class EnvironmentList
{
    public const string DefaultPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private readonly List<KeyValuePair<string, string>> _entries = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    /// <summary>Sets "KEY=value" (an entry without "=" sets KEY to "").</summary>
    public void Set(string entry)
    {
        var equals = entry.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0)
        {
            Set(entry, "");
        }
        else
        {
            Set(entry[..equals], entry[(equals + 1)..]);
        }
    }

    public void Set(string key, string value)
    {
        if (key.Length == 0)
        {
            return;
        }

        if (_index.TryGetValue(key, out var position))
        {
            _entries[position] = new(key, value);
        }
        else
        {
            _index[key] = _entries.Count;
            _entries.Add(new(key, value));
        }
    }

    public void SetIfAbsent(string key, string value)
    {
        if (!_index.ContainsKey(key))
        {
            Set(key, value);
        }
    }

    public bool Contains(string key) => _index.ContainsKey(key);

    public IReadOnlyList<string> ToList() => _entries.Select(e => e.Key + "=" + e.Value).ToList();
}
