namespace Crisp.Storage;

/// <summary>Options for <see cref="LayerStore"/>.</summary>
public sealed record LayerStoreOptions
{
    /// <summary>
    /// syncfs(2) the store's file system before a new layer is renamed into place, so that a layer
    /// which survives a power loss also has its file data. Tests may turn it off for speed.
    /// </summary>
    public bool SyncBeforeCommit { get; init; } = true;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Receives the caveats of each unpacked layer (an xattr the file system refused, a skipped
    /// trusted.overlay.* xattr), prefixed with the layer's chain ID, for the daemon to log.
    /// </summary>
    public Action<string>? Warning { get; init; }
}
