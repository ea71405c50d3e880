namespace Crisp.Images.Pull;

/// <summary>Why a pull failed, in the terms the CRI maps to a status code.</summary>
public enum ImagePullFailure
{
    /// <summary>The name is not a valid image reference.</summary>
    InvalidReference,

    /// <summary>registries.conf or the signature policy forbids it, or a short name is ambiguous.</summary>
    NotAllowed,

    /// <summary>No registry tried has the image.</summary>
    NotFound,

    /// <summary>The registries refused the credentials.</summary>
    Unauthorized,

    /// <summary>The content is wrong: digest mismatch, unsupported or malformed manifest or layer.</summary>
    BadContent,

    /// <summary>Registries could not be reached or stalled.</summary>
    Unavailable,
}

/// <summary>A pull that failed; the message names the image and what was tried.</summary>
public sealed class ImagePullException(ImagePullFailure failure, string message, Exception? inner = null) : Exception(message, inner)
{
    public ImagePullFailure Failure { get; } = failure;
}
