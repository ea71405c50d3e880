using Microsoft.Extensions.Logging;

namespace Crisp.Core.Containers;

internal static partial class ContainerLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Created container {Name}({Id}), pid {Pid}, image {Image}")]
    public static partial void Created(ILogger logger, string name, string id, int pid, string image);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Failed to create container {Name}({Id}): {Reason}")]
    public static partial void CreateFailed(ILogger logger, string name, string id, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Started container {Name}({Id}), pid {Pid}")]
    public static partial void Started(ILogger logger, string name, string id, int pid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Container {Name}({Id}) exited with code {ExitCode} ({Reason})")]
    public static partial void Exited(ILogger logger, string name, string id, int exitCode, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed container {Name}({Id})")]
    public static partial void Removed(ILogger logger, string name, string id);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Operation}: no container {Id}; nothing to do")]
    public static partial void NothingToDo(ILogger logger, string operation, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not save the state of container {Id}")]
    public static partial void SaveFailed(ILogger logger, string id, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cleaning up container {Id}: could not {Step}")]
    public static partial void CleanupStepFailed(ILogger logger, string id, string step, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cleaning up the leftovers of container {Id}: {Reason}")]
    public static partial void CleaningLeftover(ILogger logger, string id, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not ask the runtime about container {Id}; keeping its recorded state")]
    public static partial void StateCheckFailed(ILogger logger, string id, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Restored {Count} containers ({Exited} exited while crisp was down); cleaned up {Cleaned} leftovers")]
    public static partial void Restored(ILogger logger, int count, int exited, int cleaned);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not record the exit of container {Id}")]
    public static partial void ExitHandlingFailed(ILogger logger, string id, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Action} container {Name}({Id})")]
    public static partial void PausedChanged(ILogger logger, string name, string id, string action);
}
