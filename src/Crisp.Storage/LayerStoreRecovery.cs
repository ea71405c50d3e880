namespace Crisp.Storage;

/// <summary>What <see cref="LayerStore.Open"/> cleaned up after an earlier crash (for the daemon to log).</summary>
/// <param name="RemovedStaging">Unfinished extractions and removals found in the staging directory.</param>
/// <param name="RemovedOrphans">Layer directories on disk that the index does not list (a crash between rename and index write).</param>
/// <param name="DroppedRecords">Index entries whose directory or parent was missing.</param>
public sealed record LayerStoreRecovery(
    IReadOnlyList<string> RemovedStaging,
    IReadOnlyList<string> RemovedOrphans,
    IReadOnlyList<string> DroppedRecords)
{
    public bool IsClean => RemovedStaging.Count == 0 && RemovedOrphans.Count == 0 && DroppedRecords.Count == 0;
}
