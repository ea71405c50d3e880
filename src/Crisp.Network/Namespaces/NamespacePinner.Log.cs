using Microsoft.Extensions.Logging;

namespace Crisp.Network.Namespaces;

public sealed partial class NamespacePinner
{
    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Debug, Message = "Pinned {Kinds} namespaces as {Name}")]
        public static partial void Pinned(ILogger logger, string name, PodNamespaceKinds kinds);

        [LoggerMessage(Level = LogLevel.Debug, Message = "Removed pinned namespace {Path}")]
        public static partial void Removed(ILogger logger, string path);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove {Path} after a failed pin")]
        public static partial void CleanupFailed(ILogger logger, string path, Exception exception);
    }
}
