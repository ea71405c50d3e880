namespace Crisp.Images.Registry;

/// <summary>An OCI content descriptor: what a manifest says about one blob or manifest it references.</summary>
/// <param name="MediaType">The referenced content's media type.</param>
/// <param name="Digest">Its digest, <c>algorithm:hex</c> (validated: sha256 or sha512, lower-case hex).</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="Urls">Other places the content may be downloaded from (foreign, non-distributable layers).</param>
/// <param name="Annotations">The descriptor's annotations.</param>
public sealed record Descriptor(
    string MediaType,
    string Digest,
    long Size,
    IReadOnlyList<string>? Urls = null,
    IReadOnlyDictionary<string, string>? Annotations = null);
