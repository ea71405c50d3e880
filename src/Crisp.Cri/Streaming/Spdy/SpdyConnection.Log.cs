using Microsoft.Extensions.Logging;

namespace Crisp.Cri.Streaming.Spdy;

public sealed partial class SpdyConnection
{
    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "SPDY peer broke the protocol, closing the connection with GOAWAY: {Reason}")]
        public static partial void ProtocolError(ILogger logger, string reason);

        [LoggerMessage(Level = LogLevel.Debug, Message = "SPDY transport {Operation} failed: {Reason}")]
        public static partial void TransportFailed(ILogger logger, string operation, string reason);

        [LoggerMessage(Level = LogLevel.Error, Message = "SPDY connection failed unexpectedly")]
        public static partial void Failed(ILogger logger, Exception exception);

        [LoggerMessage(Level = LogLevel.Debug, Message = "SPDY {Side} connection closing")]
        public static partial void Closing(ILogger logger, string side);

        [LoggerMessage(Level = LogLevel.Debug, Message = "SPDY peer closed the connection")]
        public static partial void PeerClosed(ILogger logger);

        [LoggerMessage(Level = LogLevel.Debug, Message = "SPDY peer sent GOAWAY (last good stream {LastGoodStreamId}, status {Status})")]
        public static partial void GoAwayReceived(ILogger logger, uint lastGoodStreamId, SpdyGoAwayStatus status);

        [LoggerMessage(Level = LogLevel.Debug, Message = "SPDY stream {StreamId} reset ({Status}): {Reason}")]
        public static partial void StreamReset(ILogger logger, uint streamId, SpdyStatusCode status, string reason);

        [LoggerMessage(Level = LogLevel.Debug, Message = "SPDY stream {StreamId} reset by the peer ({Status})")]
        public static partial void StreamResetByPeer(ILogger logger, uint streamId, SpdyStatusCode status);

        [LoggerMessage(Level = LogLevel.Debug, Message = "SPDY control frame of type {FrameType} ignored")]
        public static partial void FrameIgnored(ILogger logger, ushort frameType);
    }
}
