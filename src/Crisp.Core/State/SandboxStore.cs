using System.Text.Json;
using Crisp.Core.Sandboxes;
using Crisp.Linux;

namespace Crisp.Core.State;

/// <summary>
/// Pod sandboxes by id, in memory and on disk as one JSON file per sandbox,
/// <c>&lt;root&gt;/sandboxes/&lt;id&gt;/state.json</c>, replaced atomically on every change (temp file, fsync, rename,
/// fsync of the directory), so a crash leaves either the old or the new state.
/// </summary>
public sealed class SandboxStore
{
    public const string DirectoryName = "sandboxes";
    public const string StateFileName = "state.json";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Sandbox> _sandboxes = new(StringComparer.Ordinal);

    public SandboxStore(string root)
    {
        Directory = Path.Combine(Path.GetFullPath(root), DirectoryName);
    }

    /// <summary><c>&lt;root&gt;/sandboxes</c>.</summary>
    public string Directory { get; }

    public string StateDirectory(string id) => Path.Combine(Directory, SandboxIds.Validate(id));

    public string StatePath(string id) => Path.Combine(StateDirectory(id), StateFileName);

    /// <summary>Writes the sandbox's state file and makes it the current record.</summary>
    public void Save(Sandbox sandbox)
    {
        var directory = StateDirectory(sandbox.Id);
        lock (_gate)
        {
            System.IO.Directory.CreateDirectory(directory);
            AtomicFile.Write(StatePath(sandbox.Id), JsonSerializer.SerializeToUtf8Bytes(sandbox, StateJsonContext.Default.Sandbox));
            _sandboxes[sandbox.Id] = sandbox;
        }
    }

    public Sandbox? Get(string id)
    {
        lock (_gate)
        {
            return _sandboxes.GetValueOrDefault(id);
        }
    }

    /// <summary>Every sandbox, oldest first.</summary>
    public IReadOnlyList<Sandbox> List()
    {
        lock (_gate)
        {
            return [.. _sandboxes.Values.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal)];
        }
    }

    /// <summary>Sandboxes whose id starts with <paramref name="prefix"/>.</summary>
    public IReadOnlyList<Sandbox> FindByPrefix(string prefix)
    {
        if (string.IsNullOrEmpty(prefix))
        {
            return [];
        }

        lock (_gate)
        {
            return [.. _sandboxes.Values.Where(s => s.Id.StartsWith(prefix, StringComparison.Ordinal))];
        }
    }

    /// <summary>Forgets the sandbox and deletes its state directory; a missing one is fine.</summary>
    public void Remove(string id)
    {
        var directory = StateDirectory(id);
        lock (_gate)
        {
            FileTree.Remove(directory);
            _sandboxes.Remove(id);
        }
    }

    /// <summary>Reads every state file under the directory into memory (replacing what was there).</summary>
    public SandboxStoreLoad Load()
    {
        var loaded = new List<Sandbox>();
        var broken = new List<(string, string)>();
        lock (_gate)
        {
            _sandboxes.Clear();
            if (!System.IO.Directory.Exists(Directory))
            {
                return new SandboxStoreLoad(loaded, broken);
            }

            foreach (var directory in System.IO.Directory.EnumerateDirectories(Directory))
            {
                var id = Path.GetFileName(directory);
                if (!SandboxIds.IsValid(id))
                {
                    continue;
                }

                var path = Path.Combine(directory, StateFileName);
                try
                {
                    var sandbox = JsonSerializer.Deserialize(File.ReadAllBytes(path), StateJsonContext.Default.Sandbox)
                        ?? throw new JsonException("the state file holds null");
                    if (sandbox.Id != id)
                    {
                        throw new JsonException($"the state file names sandbox {sandbox.Id}");
                    }

                    _sandboxes[id] = sandbox;
                    loaded.Add(sandbox);
                }
                catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException or NotSupportedException)
                {
                    broken.Add((id, $"{path}: {e.Message}"));
                }
            }
        }

        return new SandboxStoreLoad(loaded, broken);
    }
}
