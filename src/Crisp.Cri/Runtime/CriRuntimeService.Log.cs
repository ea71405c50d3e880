using Microsoft.Extensions.Logging;

namespace Crisp.Cri.Runtime;

public sealed partial class CriRuntimeService
{
    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Pod CIDR set to {Cidr} by UpdateRuntimeConfig")]
        public static partial void PodCidrUpdated(ILogger logger, string cidr);
    }
}
