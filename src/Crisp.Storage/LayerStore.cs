using Crisp.Linux;
using Crisp.Storage.Metadata;

namespace Crisp.Storage;

/// <summary>
/// The layer store: image layers unpacked once each, addressed by OCI chain ID, on disk like
/// containers/storage's overlay driver:
/// <code>
/// ROOT/overlay/HEX/diff          a layer's content (an overlayfs lower directory), HEX = chain ID hex
/// ROOT/overlay/.staging/         extractions in progress and removals; emptied on open
/// ROOT/overlay/l/                short symlinks for legacy overlay mounts (see OverlayDriver)
/// ROOT/overlay-layers/layers.json  the index (atomically replaced: temp file, fsync, rename, fsync dir)
/// ROOT/overlay-layers/layers.lock  held (flock) while a process has the store open
/// </code>
/// A layer is extracted into a staging directory and renamed into place only once complete, then
/// recorded in the index; so a crash never leaves a partial layer visible, and whatever a crash leaves
/// behind (staging leftovers, unindexed directories, index entries without content) is cleaned by
/// <see cref="Open"/>. Concurrent requests for the same layer share one extraction.
/// </summary>
public sealed partial class LayerStore : IDisposable
{
    private const string LayersDirectoryName = "overlay";
    private const string MetadataDirectoryName = "overlay-layers";
    private const string StagingName = ".staging";
    private const string LinksName = "l";
    private const string DiffName = "diff";
    private static readonly TimeSpan _disposeTimeout = TimeSpan.FromSeconds(10);

    private readonly FileLock _fileLock;
    private readonly LayerStoreOptions _options;
    private readonly string _layersDirectory;
    private readonly string _stagingDirectory;
    private readonly string _indexPath;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Layer> _layers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task<Layer>> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _pendingChildren = new(StringComparer.Ordinal);
    private readonly HashSet<Task> _running = [];
    private readonly CancellationTokenSource _disposing = new();
    private bool _disposed;

    private LayerStore(string root, FileLock fileLock, LayerStoreOptions options)
    {
        Root = root;
        _fileLock = fileLock;
        _options = options;
        _layersDirectory = Path.Combine(root, LayersDirectoryName);
        _stagingDirectory = Path.Combine(_layersDirectory, StagingName);
        _indexPath = Path.Combine(root, MetadataDirectoryName, "layers.json");
        LinkDirectory = Path.Combine(_layersDirectory, LinksName);
        Recovery = new LayerStoreRecovery([], [], []);
    }

    public string Root { get; }

    /// <summary>Where short links for legacy overlay mounts live; pass it to <see cref="OverlayDriver"/>.</summary>
    public string LinkDirectory { get; }

    /// <summary>What opening the store cleaned up.</summary>
    public LayerStoreRecovery Recovery { get; private set; }

    /// <summary>
    /// Opens (creating if needed) the store under <paramref name="root"/>, takes its lock, and removes
    /// the leftovers of interrupted extractions and removals. Throws when another process has it open.
    /// </summary>
    public static LayerStore Open(string root, LayerStoreOptions? options = null)
    {
        root = Path.GetFullPath(root);
        Directory.CreateDirectory(Path.Combine(root, LayersDirectoryName, StagingName));
        Directory.CreateDirectory(Path.Combine(root, LayersDirectoryName, LinksName));
        var lockPath = Path.Combine(root, MetadataDirectoryName, "layers.lock");
        var fileLock = FileLock.TryAcquire(lockPath)
            ?? throw new IOException($"layer store {root} is in use by another process (pid {FileLock.ReadHolder(lockPath)?.ToString() ?? "unknown"})");
        try
        {
            var store = new LayerStore(root, fileLock, options ?? new LayerStoreOptions());
            store.Recovery = store.Recover();
            return store;
        }
        catch
        {
            fileLock.Dispose();
            throw;
        }
    }

    /// <summary>The layer with this chain ID, or null.</summary>
    public Layer? Get(string chainId)
    {
        lock (_gate)
        {
            return _layers.GetValueOrDefault(chainId);
        }
    }

    /// <summary>Every layer, parents before children.</summary>
    public IReadOnlyList<Layer> List()
    {
        lock (_gate)
        {
            var result = new List<Layer>(_layers.Count);
            var placed = new HashSet<string>(StringComparer.Ordinal);
            var remaining = _layers.Values.OrderBy(l => l.CreatedAt).ToList();
            while (remaining.Count > 0)
            {
                var ready = remaining.Where(l => l.ParentChainId is null || placed.Contains(l.ParentChainId)).ToList();
                if (ready.Count == 0)
                {
                    ready = remaining;
                }

                foreach (var layer in ready)
                {
                    result.Add(layer);
                    placed.Add(layer.ChainId);
                }

                remaining.RemoveAll(ready.Contains);
            }

            return result;
        }
    }

    /// <summary>
    /// The diff directories of <paramref name="chainId"/> and its ancestors, topmost first: the order
    /// overlayfs wants for lowerdir.
    /// </summary>
    public IReadOnlyList<string> GetLowerDirectories(string chainId)
    {
        lock (_gate)
        {
            var result = new List<string>();
            for (string? current = chainId; current is not null;)
            {
                var layer = _layers.GetValueOrDefault(current) ?? throw new LayerNotFoundException(current);
                result.Add(layer.DiffDirectory);
                current = layer.ParentChainId;
            }

            return result;
        }
    }

    /// <summary>Stops running extractions (their staging directories are removed) and releases the store lock.</summary>
    public void Dispose()
    {
        Task[] running;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            running = [.. _running];
        }

        _disposing.Cancel();
        var finished = false;
        try
        {
            // Cancellation is seen between tar members; a read stalled on the network is not
            // interruptible, so shutdown waits only so long. A late extraction cannot commit (the
            // store is marked disposed) and its staging directory is removed by the next Open.
            finished = Task.WaitAll(running, _disposeTimeout);
        }
        catch (AggregateException)
        {
            // Their callers see the failures.
            finished = true;
        }

        if (finished)
        {
            _disposing.Dispose();
        }

        _fileLock.Dispose();
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private void SaveIndex() => LayerIndexFile.Save(_indexPath, _layers.Values.Select(ToRecord));

    private Layer ToLayer(LayerRecord record) => new(
        Id: record.Id,
        ChainId: record.ChainId,
        DiffId: record.DiffId,
        ParentChainId: record.Parent,
        DiffDirectory: Path.Combine(_layersDirectory, record.Id, DiffName),
        CompressedDigest: record.CompressedDigest,
        CompressedSize: record.CompressedSize,
        Compression: record.Compression switch
        {
            "gzip" => LayerCompression.Gzip,
            "zstd" => LayerCompression.Zstd,
            _ => LayerCompression.None,
        },
        UncompressedSize: record.UncompressedSize,
        ContentSize: record.ContentSize,
        Inodes: record.Inodes,
        CreatedAt: record.Created);

    private static LayerRecord ToRecord(Layer layer) => new()
    {
        Id = layer.Id,
        ChainId = layer.ChainId,
        DiffId = layer.DiffId,
        Parent = layer.ParentChainId,
        CompressedDigest = layer.CompressedDigest,
        CompressedSize = layer.CompressedSize,
        Compression = layer.Compression switch
        {
            LayerCompression.Gzip => "gzip",
            LayerCompression.Zstd => "zstd",
            _ => "none",
        },
        UncompressedSize = layer.UncompressedSize,
        ContentSize = layer.ContentSize,
        Inodes = layer.Inodes,
        Created = layer.CreatedAt,
    };
}
