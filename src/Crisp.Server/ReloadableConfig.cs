using Crisp.Config;
using Crisp.Core;
using Microsoft.Extensions.Logging;

namespace Crisp.Server;

/// <summary>
/// The effective configuration. On SIGHUP it is loaded again and the keys CRI-O reloads are taken from the
/// new one; a file that no longer loads or validates is reported and the running configuration is kept.
/// </summary>
internal sealed partial class ReloadableConfig(CrispServerOptions options, LogLevelSwitch levels, ILogger<ReloadableConfig> logger)
    : ICrispConfigSource
{
    private readonly Lock _reloading = new();
    private CrispConfig _current = options.Config;

    public CrispConfig Current => Volatile.Read(ref _current);

    public void Reload()
    {
        lock (_reloading)
        {
            ConfigReloadResult result;
            try
            {
                result = ConfigReload.Diff(Current, options.Reload());
                options.Validate(result.Config);
            }
            catch (ConfigException e)
            {
                LogReloadFailed(logger, e.Message);
                return;
            }

            // Said at the old level, so that lowering the level does not hide the news of the reload itself.
            LogReloaded(logger, result.HasChanges ? string.Join(", ", result.ChangedKeys) : "nothing changed");
            if (result.IgnoredKeys.Count > 0)
            {
                LogNeedsRestart(logger, string.Join(", ", result.IgnoredKeys));
            }

            Volatile.Write(ref _current, result.Config);
            levels.Level = LogLevelSwitch.Parse(result.Config.Runtime.LogLevel);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Configuration reloaded: {Changes}")]
    private static partial void LogReloaded(ILogger logger, string changes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Changed keys that take effect only after a restart: {Keys}")]
    private static partial void LogNeedsRestart(ILogger logger, string keys);

    [LoggerMessage(Level = LogLevel.Error, Message = "Configuration reload failed, keeping the running configuration: {Reason}")]
    private static partial void LogReloadFailed(ILogger logger, string reason);
}
