using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Crisp.Linux;

namespace Crisp.Core.State;

/// <summary>
/// Records by id, in memory and on disk as one JSON file per record, <c>&lt;directory&gt;/&lt;id&gt;/state.json</c>,
/// replaced atomically on every change (temp file, fsync, rename, fsync of the directory), so a crash leaves either
/// the old or the new state. Used for pod sandboxes and containers.
/// </summary>
public abstract class RecordStore<T>
    where T : class
{
    public const string StateFileName = "state.json";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, T> _records = new(StringComparer.Ordinal);
    private readonly JsonTypeInfo<T> _json;

    protected RecordStore(string directory, JsonTypeInfo<T> json)
    {
        Directory = Path.GetFullPath(directory);
        _json = json;
    }

    /// <summary>The directory holding one sub-directory per record.</summary>
    public string Directory { get; }

    public string StateDirectory(string id) => Path.Combine(Directory, ValidateId(id));

    public string StatePath(string id) => Path.Combine(StateDirectory(id), StateFileName);

    protected abstract string IdOf(T record);

    protected abstract long CreatedAtOf(T record);

    /// <summary>Ids become directory names: only well-formed ones are accepted.</summary>
    protected abstract bool IsValidId(string id);

    /// <summary>Writes the record's state file and makes it the current record.</summary>
    public void Save(T record)
    {
        var id = IdOf(record);
        var directory = StateDirectory(id);
        lock (_gate)
        {
            System.IO.Directory.CreateDirectory(directory);
            AtomicFile.Write(StatePath(id), JsonSerializer.SerializeToUtf8Bytes(record, _json));
            _records[id] = record;
        }
    }

    public T? Get(string id)
    {
        lock (_gate)
        {
            return _records.GetValueOrDefault(id);
        }
    }

    /// <summary>Every record, oldest first.</summary>
    public IReadOnlyList<T> List()
    {
        lock (_gate)
        {
            return [.. _records.Values.OrderBy(CreatedAtOf).ThenBy(IdOf, StringComparer.Ordinal)];
        }
    }

    /// <summary>Records whose id starts with <paramref name="prefix"/>.</summary>
    public IReadOnlyList<T> FindByPrefix(string prefix)
    {
        if (string.IsNullOrEmpty(prefix))
        {
            return [];
        }

        lock (_gate)
        {
            return [.. _records.Values.Where(r => IdOf(r).StartsWith(prefix, StringComparison.Ordinal))];
        }
    }

    /// <summary>Forgets the record and deletes its state directory; a missing one is fine.</summary>
    public void Remove(string id)
    {
        var directory = StateDirectory(id);
        lock (_gate)
        {
            FileTree.Remove(directory);
            _records.Remove(id);
        }
    }

    /// <summary>Reads every state file under the directory into memory (replacing what was there).</summary>
    public RecordStoreLoad<T> Load()
    {
        var loaded = new List<T>();
        var broken = new List<(string, string)>();
        lock (_gate)
        {
            _records.Clear();
            if (!System.IO.Directory.Exists(Directory))
            {
                return new RecordStoreLoad<T>(loaded, broken);
            }

            foreach (var directory in System.IO.Directory.EnumerateDirectories(Directory))
            {
                var id = Path.GetFileName(directory);
                if (!IsValidId(id))
                {
                    continue;
                }

                var path = Path.Combine(directory, StateFileName);
                try
                {
                    var record = JsonSerializer.Deserialize(File.ReadAllBytes(path), _json)
                        ?? throw new JsonException("the state file holds null");
                    if (IdOf(record) != id)
                    {
                        throw new JsonException($"the state file names {IdOf(record)}");
                    }

                    _records[id] = record;
                    loaded.Add(record);
                }
                catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException or NotSupportedException)
                {
                    broken.Add((id, $"{path}: {e.Message}"));
                }
            }
        }

        return new RecordStoreLoad<T>(loaded, broken);
    }

    private string ValidateId(string id) =>
        IsValidId(id) ? id : throw new ArgumentException($"invalid id \"{id}\"", nameof(id));
}

/// <summary>What <see cref="RecordStore{T}.Load"/> found on disk.</summary>
/// <param name="Records">Records whose state file was read (including ones still being created).</param>
/// <param name="Broken">Ids with a directory but no readable state file, each with the reason.</param>
public sealed record RecordStoreLoad<T>(IReadOnlyList<T> Records, IReadOnlyList<(string Id, string Reason)> Broken);
