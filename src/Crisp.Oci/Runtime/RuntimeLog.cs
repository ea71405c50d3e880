using Microsoft.Extensions.Logging;

namespace Crisp.Oci.Runtime;

internal static partial class RuntimeLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Container {Id}: started conmon (pid {Pid}): {Arguments}")]
    public static partial void ConmonSpawned(ILogger logger, string id, int pid, string arguments);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Container {Id} created: pid {Pid}, conmon pid {MonitorPid}")]
    public static partial void ContainerCreated(ILogger logger, string id, int pid, int monitorPid);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Container {Id}: create failed: {Reason}")]
    public static partial void ContainerCreateFailed(ILogger logger, string id, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Container {Id}: cleanup step '{Step}' failed")]
    public static partial void CleanupFailed(ILogger logger, string id, string step, Exception exception);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "Container {Id}: conmon said: {Text}")]
    public static partial void ConmonOutput(ILogger logger, string id, string text);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Container {Id}: still running {Timeout} after signal {Signal}; sending SIGKILL")]
    public static partial void StopEscalating(ILogger logger, string id, int signal, TimeSpan timeout);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Container {Id} stopped")]
    public static partial void ContainerStopped(ILogger logger, string id);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "Container {Id}: exec {Command} timed out after {Timeout}")]
    public static partial void ExecTimedOut(ILogger logger, string id, string command, TimeSpan timeout);

    [LoggerMessage(EventId = 9, Level = LogLevel.Debug, Message = "Container {Id} deleted")]
    public static partial void ContainerDeleted(ILogger logger, string id);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Monitor cgroup {Cgroup} is only supported with cgroupfs; conmon stays in crisp's cgroup")]
    public static partial void MonitorCgroupUnsupported(ILogger logger, string cgroup);

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Container {Id} exited with code {ExitCode} (OOM killed: {OomKilled})")]
    public static partial void ExitObserved(ILogger logger, string id, int exitCode, bool oomKilled);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "Exit file {Path} is not readable yet")]
    public static partial void ExitFileUnreadable(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 22, Level = LogLevel.Error, Message = "Rescanning exits directory {Directory} failed")]
    public static partial void RescanFailed(ILogger logger, string directory, Exception exception);

    [LoggerMessage(EventId = 23, Level = LogLevel.Error, Message = "A ContainerExited handler failed for container {Id}")]
    public static partial void ExitHandlerFailed(ILogger logger, string id, Exception exception);

    [LoggerMessage(EventId = 24, Level = LogLevel.Warning, Message = "Watching exits directory {Directory} failed; relying on rescans")]
    public static partial void WatcherFailed(ILogger logger, string directory, Exception exception);
}
