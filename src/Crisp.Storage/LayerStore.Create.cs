using Crisp.Linux;

namespace Crisp.Storage;

public sealed partial class LayerStore
{
    /// <summary>
    /// Returns the layer <paramref name="blob"/> makes on top of <paramref name="parentChainId"/>,
    /// unpacking it unless the store has it already. When <see cref="LayerBlob.DiffId"/> is given the
    /// chain ID is known up front: an existing layer is returned without opening the blob, and
    /// concurrent calls for the same layer await one shared extraction (which carries on if a caller
    /// gives up, so a retry finds it done). The blob digest and diffID are verified when given; on any
    /// failure nothing is kept.
    /// </summary>
    public async Task<Layer> GetOrCreateAsync(string? parentChainId, LayerBlob blob, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        if (parentChainId is not null)
        {
            LayerDigests.Validate(parentChainId);
        }

        if (blob.CompressedDigest is not null)
        {
            LayerDigests.Validate(blob.CompressedDigest);
        }

        Task<Layer> task;
        lock (_gate)
        {
            ThrowIfDisposed();
            if (blob.DiffId is { } diffId)
            {
                var chainId = LayerDigests.ChainId(parentChainId, diffId);
                if (_layers.TryGetValue(chainId, out var existing))
                {
                    return existing;
                }

                if (!_pending.TryGetValue(chainId, out task!))
                {
                    RequireParent(parentChainId);
                    task = StartExtraction(chainId, parentChainId, blob);
                    _pending[chainId] = task;
                }
            }
            else
            {
                // The chain ID is only known once the tar has been read: extract, then commit or discard.
                RequireParent(parentChainId);
                task = StartExtraction(null, parentChainId, blob);
            }
        }

        return await task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private void RequireParent(string? parentChainId)
    {
        if (parentChainId is not null && !_layers.ContainsKey(parentChainId))
        {
            throw new LayerNotFoundException(parentChainId);
        }
    }

    /// <summary>Starts an extraction on the thread pool; called holding <see cref="_gate"/>.</summary>
    private Task<Layer> StartExtraction(string? chainId, string? parentChainId, LayerBlob blob)
    {
        if (parentChainId is not null)
        {
            _pendingChildren[parentChainId] = _pendingChildren.GetValueOrDefault(parentChainId) + 1;
        }

        Task<Layer>? task = null;
        task = Task.Run(async () =>
        {
            try
            {
                return await ExtractAsync(chainId, parentChainId, blob, _disposing.Token).ConfigureAwait(false);
            }
            finally
            {
                lock (_gate)
                {
                    if (chainId is not null)
                    {
                        _pending.Remove(chainId);
                    }

                    if (parentChainId is not null && --_pendingChildren[parentChainId] == 0)
                    {
                        _pendingChildren.Remove(parentChainId);
                    }

                    _running.RemoveWhere(t => t.IsCompleted || ReferenceEquals(t, task));
                }
            }
        });
        _running.Add(task);
        return task;
    }

    private async Task<Layer> ExtractAsync(string? expectedChainId, string? parentChainId, LayerBlob blob, CancellationToken cancellationToken)
    {
        var staging = Path.Combine(_stagingDirectory, Guid.NewGuid().ToString("N"));
        var diff = Path.Combine(staging, DiffName);
        Directory.CreateDirectory(diff);
        FileSystemCalls.ChmodAt(FileSystemCalls.CurrentDirectory, System.Text.Encoding.UTF8.GetBytes(diff), 0x1ED);
        var committed = false;
        try
        {
            LayerApplyResult result;
            var stream = await blob.Open(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                result = LayerApplier.Apply(stream, diff, new LayerApplyOptions(blob.CompressedDigest, blob.DiffId), cancellationToken);
            }

            var chainId = expectedChainId ?? LayerDigests.ChainId(parentChainId, result.DiffId);
            foreach (var warning in result.Warnings)
            {
                _options.Warning?.Invoke($"layer {chainId}: {warning}");
            }

            if (_options.SyncBeforeCommit)
            {
                FileSystemCalls.SyncFileSystem(staging);
            }

            return Commit(staging, chainId, parentChainId, result, out committed);
        }
        finally
        {
            if (!committed)
            {
                try
                {
                    FileTree.Remove(staging);
                }
                catch (IOException)
                {
                    // Left for the next Open to clean.
                }
            }
        }
    }

    private Layer Commit(string staging, string chainId, string? parentChainId, LayerApplyResult result, out bool committed)
    {
        committed = false;
        lock (_gate)
        {
            if (_layers.TryGetValue(chainId, out var existing))
            {
                // Unpacked meanwhile by a request that did not know the diffID: keep that one.
                return existing;
            }

            if (_disposed)
            {
                throw new ObjectDisposedException(nameof(LayerStore));
            }

            RequireParent(parentChainId);
            var id = LayerDigests.Hex(chainId);
            var final = Path.Combine(_layersDirectory, id);
            if (Directory.Exists(final))
            {
                FileTree.Remove(final);
            }

            Directory.Move(staging, final);
            committed = true;
            var layer = new Layer(
                Id: id,
                ChainId: chainId,
                DiffId: result.DiffId,
                ParentChainId: parentChainId,
                DiffDirectory: Path.Combine(final, DiffName),
                CompressedDigest: result.CompressedDigest,
                CompressedSize: result.CompressedSize,
                Compression: result.Compression,
                UncompressedSize: result.UncompressedSize,
                ContentSize: result.ContentSize,
                Inodes: result.Inodes,
                CreatedAt: _options.TimeProvider.GetUtcNow());
            _layers[chainId] = layer;
            try
            {
                SaveIndex();
            }
            catch
            {
                _layers.Remove(chainId);
                Directory.Move(final, staging);
                committed = false;
                throw;
            }

            return layer;
        }
    }
}
