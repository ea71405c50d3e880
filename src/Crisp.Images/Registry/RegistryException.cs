using System.Net;

namespace Crisp.Images.Registry;

/// <summary>A registry refused, failed or could not be reached, or served content that is not valid.</summary>
public class RegistryException : Exception
{
    public RegistryException()
    {
    }

    public RegistryException(string message)
        : base(message)
    {
    }

    public RegistryException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public RegistryException(string message, HttpStatusCode? statusCode, string? errorCode, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    /// <summary>The HTTP status of the failed response, when there was one.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>
    /// The distribution-spec error code of the registry's answer (<c>MANIFEST_UNKNOWN</c>, <c>NAME_UNKNOWN</c>,
    /// <c>BLOB_UNKNOWN</c>, <c>UNAUTHORIZED</c>, <c>DENIED</c>, <c>TOOMANYREQUESTS</c>, …), or crisp's own code for
    /// failures that are not the registry's answer (see <see cref="RegistryErrorCodes"/>).
    /// </summary>
    public string? ErrorCode { get; }

    /// <summary>True when the registry says the repository, manifest or blob does not exist.</summary>
    public bool IsNotFound =>
        StatusCode == HttpStatusCode.NotFound
        || ErrorCode is RegistryErrorCodes.ManifestUnknown or RegistryErrorCodes.NameUnknown or RegistryErrorCodes.BlobUnknown;

    /// <summary>True when the registry refused our credentials or wants some.</summary>
    public bool IsUnauthorized =>
        StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
        || ErrorCode is RegistryErrorCodes.Unauthorized or RegistryErrorCodes.Denied;
}

/// <summary>Error codes a <see cref="RegistryException"/> carries.</summary>
public static class RegistryErrorCodes
{
    public const string ManifestUnknown = "MANIFEST_UNKNOWN";
    public const string NameUnknown = "NAME_UNKNOWN";
    public const string BlobUnknown = "BLOB_UNKNOWN";
    public const string Unauthorized = "UNAUTHORIZED";
    public const string Denied = "DENIED";
    public const string TooManyRequests = "TOOMANYREQUESTS";

    /// <summary>crisp: a request or the pull progress timed out.</summary>
    public const string Timeout = "CRISP_TIMEOUT";

    /// <summary>crisp: content did not match its digest or size.</summary>
    public const string DigestMismatch = "CRISP_DIGEST_MISMATCH";

    /// <summary>crisp: a manifest or media type crisp cannot use (schema 1, unknown layer types, oversized manifests…).</summary>
    public const string Unsupported = "CRISP_UNSUPPORTED";

    /// <summary>crisp: no manifest in the index matches the wanted platform.</summary>
    public const string PlatformNotFound = "CRISP_PLATFORM_NOT_FOUND";

    /// <summary>crisp: the registry could not be reached (connection, TLS or protocol failure).</summary>
    public const string Unreachable = "CRISP_UNREACHABLE";
}
