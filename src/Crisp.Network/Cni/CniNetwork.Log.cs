using Microsoft.Extensions.Logging;

namespace Crisp.Network.Cni;

public sealed partial class CniNetwork
{
    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Adding pod {Namespace}/{Name} ({SandboxId}) to CNI network {Network}")]
        public static partial void Adding(ILogger logger, string @namespace, string name, string sandboxId, string network);

        [LoggerMessage(Level = LogLevel.Information, Message = "Pod {SandboxId} attached to CNI network {Network} with addresses {Addresses}")]
        public static partial void Added(ILogger logger, string sandboxId, string network, string addresses);

        [LoggerMessage(Level = LogLevel.Information, Message = "Pod {SandboxId} is already attached to CNI network {Network}; returning the cached result")]
        public static partial void AlreadyAttached(ILogger logger, string sandboxId, string network);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Attaching pod {SandboxId} to CNI network {Network} failed; deleting what was added")]
        public static partial void RollingBack(ILogger logger, string sandboxId, string network, Exception exception);

        [LoggerMessage(Level = LogLevel.Information, Message = "Deleting pod {Namespace}/{Name} ({SandboxId}) from CNI network {Network} (cached attachment: {FromCache})")]
        public static partial void Deleting(ILogger logger, string @namespace, string name, string sandboxId, string network, bool fromCache);

        [LoggerMessage(Level = LogLevel.Warning, Message = "CNI DEL of plugin {Plugin} for {SandboxId} failed; carrying on")]
        public static partial void DeleteFailed(ILogger logger, string plugin, string sandboxId, Exception exception);

        [LoggerMessage(Level = LogLevel.Debug, Message = "CNI DEL of plugin {Plugin} for {SandboxId}: container unknown, nothing to delete ({Message})")]
        public static partial void DeleteIgnored(ILogger logger, string plugin, string sandboxId, string message);

        [LoggerMessage(Level = LogLevel.Warning, Message = "No cached CNI attachment and no CNI network for {SandboxId}: nothing to tear down")]
        public static partial void NothingToTearDown(ILogger logger, string sandboxId);

        [LoggerMessage(Level = LogLevel.Warning, Message = "The cached CNI configuration of {SandboxId} is unreadable; using the current one")]
        public static partial void CachedConfigUnreadable(ILogger logger, string sandboxId, Exception exception);
    }
}
