using Microsoft.Extensions.Logging;

namespace Crisp.Cri.Runtime;

public sealed partial class CriRuntimeService
{
    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Pod CIDR set to {Cidr} by UpdateRuntimeConfig")]
        public static partial void PodCidrUpdated(ILogger logger, string cidr);

        [LoggerMessage(Level = LogLevel.Information, Message = "Pod sandbox {Id}: the kubelet updated its resources to {Resources}")]
        public static partial void PodResourcesUpdated(ILogger logger, string id, string resources);
    }
}
