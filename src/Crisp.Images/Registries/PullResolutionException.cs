namespace Crisp.Images.Registries;

/// <summary>Why a name could not be turned into pull sources.</summary>
public enum PullResolutionFailure
{
    /// <summary>The registry (or every candidate's registry) is <c>blocked</c> in registries.conf.</summary>
    Blocked,

    /// <summary>short-name-mode is enforcing and the short name has several candidates.</summary>
    AmbiguousShortName,

    /// <summary>A short name with no alias and no unqualified-search registries.</summary>
    NoSearchRegistries,

    /// <summary>A candidate or a rewritten (mirror/location) reference is not a valid image reference.</summary>
    InvalidReference,
}

/// <summary>A pull request that registries.conf forbids or cannot resolve. The message is meant for the kubelet.</summary>
public sealed class PullResolutionException : Exception
{
    public PullResolutionException(PullResolutionFailure failure, string message, IReadOnlyList<string>? candidates = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
        Candidates = candidates ?? [];
    }

    public PullResolutionFailure Failure { get; }

    /// <summary>The fully-qualified candidates involved (for ambiguity and blocking), in order.</summary>
    public IReadOnlyList<string> Candidates { get; }
}
