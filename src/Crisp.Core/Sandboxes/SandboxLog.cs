using Microsoft.Extensions.Logging;

namespace Crisp.Core.Sandboxes;

internal static partial class SandboxLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Ran pod sandbox {Name} ({Id}): ips [{Ips}], infra container {Infra}")]
    public static partial void Created(ILogger logger, string name, string id, string ips, string infra);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pod sandbox name {Name} already belongs to finished sandbox {Id}; returning it")]
    public static partial void ReturnedExisting(ILogger logger, string name, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Creating pod sandbox {Name} ({Id}) failed, rolling back: {Reason}")]
    public static partial void CreateFailed(ILogger logger, string name, string id, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rolling back pod sandbox {Id}: could not {Step}")]
    public static partial void RollbackStepFailed(ILogger logger, string id, string step, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped pod sandbox {Name} ({Id})")]
    public static partial void Stopped(ILogger logger, string name, string id);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed pod sandbox {Name} ({Id})")]
    public static partial void Removed(ILogger logger, string name, string id);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Operation}: pod sandbox {Id} does not exist; nothing to do")]
    public static partial void NothingToDo(ILogger logger, string operation, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pod sandbox {Name} ({Id}) is not ready: {Reason}")]
    public static partial void NotReady(ILogger logger, string name, string id, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cleaning up half-created pod sandbox {Id}: {Reason}")]
    public static partial void CleaningLeftover(ILogger logger, string id, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cleaning up pod sandbox {Id}: could not {Step}")]
    public static partial void CleanupStepFailed(ILogger logger, string id, string step, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Restored {Count} pod sandboxes ({NotReady} not ready), cleaned up {Cleaned} half-created ones")]
    public static partial void Restored(ILogger logger, int count, int notReady, int cleaned);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check the infra container of pod sandbox {Id}")]
    public static partial void InfraCheckFailed(ILogger logger, string id, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not save the state of pod sandbox {Id}")]
    public static partial void SaveFailed(ILogger logger, string id, Exception exception);
}
