namespace Crisp.Config;

/// <summary>The outcome of <see cref="ConfigReload.Diff"/>.</summary>
/// <param name="Config">The running configuration with the reloadable keys taken from the new one.</param>
/// <param name="ChangedKeys">Reloadable keys whose value changed and were applied (dotted paths).</param>
/// <param name="IgnoredKeys">Keys that changed but need a restart; they keep their running value.</param>
public sealed record ConfigReloadResult(CrispConfig Config, ValueList<string> ChangedKeys, ValueList<string> IgnoredKeys)
{
    /// <summary>True when something was applied.</summary>
    public bool HasChanges => ChangedKeys.Count > 0;
}
