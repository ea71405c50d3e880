using Microsoft.Extensions.Logging;

namespace Crisp.Images.Registry;

/// <summary>Log messages; they never carry credentials, tokens or signed URL queries.</summary>
public sealed partial class RegistryClient
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Resolved {Image} to {ReferenceDigest} (image manifest {ManifestDigest})")]
    private static partial void LogResolved(ILogger logger, string image, string referenceDigest, string manifestDigest);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Selected platform {Platform} of {Image}: {Digest}")]
    private static partial void LogPlatformSelected(ILogger logger, string image, string platform, string digest);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registry sent Docker-Content-Digest {Header} for {Image} but the content hashes to {Digest}; using the latter")]
    private static partial void LogDigestHeaderDiffers(ILogger logger, string image, string header, string digest);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Downloaded blob {Blob} ({Size} bytes)")]
    private static partial void LogDownloaded(ILogger logger, string blob, long size);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetched foreign layer {Blob} from {Host}")]
    private static partial void LogForeignLayer(ILogger logger, string blob, string host);

    [LoggerMessage(Level = LogLevel.Information, Message = "Insecure registry {Endpoint} answers over {Scheme} (https failed: {Reason})")]
    private static partial void LogInsecureFallback(ILogger logger, string endpoint, string scheme, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Registry challenged a request for {Image} ({Scheme}); retrying with fresh credentials")]
    private static partial void LogRetryAuthenticated(ILogger logger, string image, string scheme);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Fetched a registry token from {Realm} for {Scope} (valid {Seconds}s)")]
    private static partial void LogTokenFetched(ILogger logger, string realm, string scope, long seconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Following redirect from {From} to {To}")]
    private static partial void LogRedirect(ILogger logger, string from, string to);
}
