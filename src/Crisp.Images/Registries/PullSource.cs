using Crisp.Images.References;

namespace Crisp.Images.Registries;

/// <summary>One place to try pulling an image from.</summary>
/// <param name="Reference">
/// The fully-qualified reference to pull by: for a mirror or a <c>location</c> rewrite, the mirror location plus the
/// remainder of the name after the matched prefix. Has a digest or a tag, never both (the digest wins).
/// </param>
/// <param name="Endpoint">host[:port] to send registry API requests to (Docker Hub: <c>registry-1.docker.io</c>).</param>
/// <param name="Insecure">True when plain HTTP and TLS without certificate verification are allowed.</param>
/// <param name="IsMirror">True for a <c>[[registry.mirror]]</c>, false for the primary location.</param>
/// <param name="LogicalReference">The candidate this source serves: the name the pulled image is recorded under.</param>
public sealed record PullSource(ImageReference Reference, string Endpoint, bool Insecure, bool IsMirror, ImageReference LogicalReference)
{
    /// <summary>
    /// True when credentials meant for <see cref="LogicalReference"/> (the CRI AuthConfig) may be sent here: only
    /// when the registry is the same, as containers/image does not send them to a mirror on another host.
    /// </summary>
    public bool SharesLogicalRegistry => string.Equals(Reference.Domain, LogicalReference.Domain, StringComparison.Ordinal);

    public override string ToString() =>
        $"{Reference} via {Endpoint}{(IsMirror ? " (mirror)" : "")}{(Insecure ? " (insecure)" : "")}";
}
