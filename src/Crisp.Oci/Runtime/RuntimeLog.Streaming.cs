using Microsoft.Extensions.Logging;

namespace Crisp.Oci.Runtime;

internal static partial class RuntimeLog
{
    [LoggerMessage(EventId = 30, Level = LogLevel.Debug, Message = "Container {Id}: streaming exec started (runc pid {Pid}, tty {Tty}): {Arguments}")]
    public static partial void ExecStarted(ILogger logger, string id, int pid, bool tty, string arguments);

    [LoggerMessage(EventId = 31, Level = LogLevel.Debug, Message = "Container {Id}: streaming exec (runc pid {Pid}) exited with {ExitCode} {RuntimeError}")]
    public static partial void ExecExited(ILogger logger, string id, int pid, int exitCode, string runtimeError);

    [LoggerMessage(EventId = 32, Level = LogLevel.Information, Message = "Container {Id}: killing streaming exec (runc pid {Pid}, process pid {ProcessId})")]
    public static partial void ExecKilled(ILogger logger, string id, int pid, int? processId);

    [LoggerMessage(EventId = 33, Level = LogLevel.Debug, Message = "Container {Id}: attached to {Socket}")]
    public static partial void Attached(ILogger logger, string id, string socket);

    [LoggerMessage(EventId = 34, Level = LogLevel.Debug, Message = "Container {Id}: attach socket sent a packet of unknown kind {Kind}; ignored")]
    public static partial void AttachUnknownPacket(ILogger logger, string id, int kind);
}
