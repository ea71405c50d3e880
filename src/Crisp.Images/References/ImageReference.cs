namespace Crisp.Images.References;

/// <summary>
/// A parsed, normalised Docker image reference: <c>registry/path[:tag][@digest]</c>.
/// </summary>
/// <remarks>
/// Follows the distribution/reference grammar as used by containers/image (and so CRI-O):
/// the first path component is a registry only if it contains '.' or ':' or is <c>localhost</c>;
/// otherwise the image lives on Docker Hub (<c>docker.io</c>), and single-component Docker Hub
/// names get the <c>library/</c> namespace. <c>index.docker.io</c> is canonicalised to <c>docker.io</c>.
/// A reference with neither tag nor digest gets the tag <c>latest</c>.
/// <para>
/// <c>docker.io</c> is the image's <em>name</em>; its registry API is served at
/// <c>registry-1.docker.io</c>, see <see cref="RegistryEndpoint"/>.
/// </para>
/// </remarks>
public sealed class ImageReference : IEquatable<ImageReference>
{
    /// <summary>The registry name of Docker Hub as it appears in image names.</summary>
    public const string DockerHubDomain = "docker.io";

    /// <summary>The host that serves Docker Hub's registry API (what HTTP requests must go to).</summary>
    public const string DockerHubEndpoint = "registry-1.docker.io";

    /// <summary>The tag used when a reference has neither tag nor digest.</summary>
    public const string DefaultTag = "latest";

    private const string LegacyDockerHubDomain = "index.docker.io";
    private const string OfficialNamespace = "library/";

    private readonly string _fullString;

    private ImageReference(string domain, string path, string? tag, string? digest, string? shortName, string original, bool hasExplicitTag)
    {
        HasExplicitTag = hasExplicitTag;
        Domain = domain;
        Path = path;
        Tag = tag;
        Digest = digest;
        ShortName = shortName;
        Original = original;
        _fullString = Name + (tag is null ? "" : ":" + tag) + (digest is null ? "" : "@" + digest);
    }

    /// <summary>Registry host[:port] as written in image names, e.g. <c>docker.io</c>, <c>localhost:5000</c>, <c>[::1]:5000</c>.</summary>
    public string Domain { get; }

    /// <summary>Repository path inside the registry, e.g. <c>library/busybox</c>.</summary>
    public string Path { get; }

    /// <summary>The tag; <c>latest</c> when the input had neither tag nor digest; null when only a digest was given.</summary>
    public string? Tag { get; }

    /// <summary>The digest (<c>algorithm:hex</c>), or null.</summary>
    public string? Digest { get; }

    /// <summary>
    /// The repository as the user typed it, without tag or digest, when the input had no registry host
    /// (e.g. <c>busybox</c> or <c>user/img</c>); null for fully-qualified input.
    /// </summary>
    public string? ShortName { get; }

    /// <summary>True when the input named no registry host, so registries.conf short-name resolution applies.</summary>
    public bool IsShortName => ShortName is not null;

    /// <summary>True when the input itself carried a tag (false when <c>latest</c> was filled in).</summary>
    internal bool HasExplicitTag { get; }

    /// <summary>The text this reference was parsed from.</summary>
    public string Original { get; }

    /// <summary>Fully-qualified repository name: <c>domain/path</c>.</summary>
    public string Name => Domain + "/" + Path;

    /// <summary>True when the reference carries a digest.</summary>
    public bool HasDigest => Digest is not null;

    /// <summary>What to ask the registry's manifest endpoint for: the digest if any, else the tag.</summary>
    public string ManifestReference => Digest ?? Tag ?? DefaultTag;

    /// <summary>
    /// host[:port] to send registry HTTP requests to: <see cref="Domain"/>, except Docker Hub whose API is
    /// <c>registry-1.docker.io</c>.
    /// </summary>
    public string RegistryEndpoint => EndpointFor(Domain);

    /// <summary>The familiar repository name, as the Docker CLI prints it: <c>busybox</c>, <c>user/img</c>, <c>quay.io/x/y</c>.</summary>
    public string FamiliarName
    {
        get
        {
            if (Domain != DockerHubDomain)
            {
                return Name;
            }

            if (Path.StartsWith(OfficialNamespace, StringComparison.Ordinal) &&
                Path.IndexOf('/', OfficialNamespace.Length) < 0)
            {
                return Path[OfficialNamespace.Length..];
            }

            return Path;
        }
    }

    /// <summary>The familiar form with tag and digest, e.g. <c>busybox:latest</c>.</summary>
    public string FamiliarString => FamiliarName + (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);

    /// <summary>The registry endpoint (host[:port]) for a registry domain; maps docker.io to registry-1.docker.io.</summary>
    public static string EndpointFor(string domain) =>
        domain is DockerHubDomain or LegacyDockerHubDomain ? DockerHubEndpoint : domain;

    /// <summary>Parses and normalises <paramref name="input"/>.</summary>
    /// <exception cref="ImageReferenceException">The input is not a valid image reference.</exception>
    public static ImageReference Parse(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return TryParseCore(input, out var reference, out var error)
            ? reference
            : throw new ImageReferenceException(input, error);
    }

    /// <summary>Parses <paramref name="input"/>; on failure returns false and the reason in <paramref name="error"/>.</summary>
    public static bool TryParse(string? input, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ImageReference? reference, out string? error)
    {
        if (input is null)
        {
            reference = null;
            error = "repository name must have at least one component";
            return false;
        }

        var ok = TryParseCore(input, out var parsed, out var reason);
        reference = ok ? parsed : null;
        error = ok ? null : reason;
        return ok;
    }

    /// <summary>This reference with the tag dropped when it also has a digest (pulls go by digest).</summary>
    public ImageReference ForPull() =>
        Digest is not null && Tag is not null ? new ImageReference(Domain, Path, null, Digest, ShortName, Original, hasExplicitTag: false) : this;

    /// <summary>Fully-qualified form, e.g. <c>docker.io/library/busybox:latest</c>.</summary>
    public override string ToString() => _fullString;

    public bool Equals(ImageReference? other) => other is not null && string.Equals(_fullString, other._fullString, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as ImageReference);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_fullString);

    private static bool TryParseCore(string input, out ImageReference reference, out string error)
    {
        reference = null!;
        if (input.Length == 0)
        {
            error = "repository name must have at least one component";
            return false;
        }

        if (ReferenceGrammar.Identifier().IsMatch(input))
        {
            error = "cannot specify 64-byte hexadecimal strings as a repository name";
            return false;
        }

        var namePart = input;
        string? digest = null;
        var at = input.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = input[(at + 1)..];
            namePart = input[..at];
        }

        string domain;
        string remainder;
        var fullyQualified = false;
        var slash = namePart.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0 && ReferenceGrammar.LooksLikeDomain(namePart[..slash]))
        {
            domain = namePart[..slash];
            remainder = namePart[(slash + 1)..];
            fullyQualified = true;
        }
        else
        {
            domain = DockerHubDomain;
            remainder = namePart;
        }

        if (domain == LegacyDockerHubDomain)
        {
            domain = DockerHubDomain;
        }

        string? tag = null;
        var path = remainder;
        var colon = remainder.LastIndexOf(':');
        if (colon >= 0)
        {
            tag = remainder[(colon + 1)..];
            path = remainder[..colon];
        }

        if (!ValidateParts(domain, path, tag, digest, out error))
        {
            return false;
        }

        var shortName = fullyQualified ? null : path;
        if (domain == DockerHubDomain && !path.Contains('/', StringComparison.Ordinal))
        {
            path = OfficialNamespace + path;
        }

        if (domain.Length + 1 + path.Length > ReferenceGrammar.NameTotalLengthMax)
        {
            error = $"repository name must not be more than {ReferenceGrammar.NameTotalLengthMax} characters";
            return false;
        }

        var hasExplicitTag = tag is not null;
        if (tag is null && digest is null)
        {
            tag = DefaultTag;
        }

        reference = new ImageReference(domain, path, tag, digest, shortName, input, hasExplicitTag);
        return true;
    }

    private static bool ValidateParts(string domain, string path, string? tag, string? digest, out string error)
    {
        error = "";
        if (path.Length == 0)
        {
            error = "repository name must have at least one component";
        }
        else if (!string.Equals(path, path.ToLowerInvariant(), StringComparison.Ordinal))
        {
            error = $"repository name \"{path}\" must be lowercase";
        }
        else if (!ReferenceGrammar.Path().IsMatch(path))
        {
            error = $"invalid reference format: repository name \"{path}\" may only contain [a-z0-9] separated by '.', '_', '__', '-' or '/'";
        }
        else if (!ReferenceGrammar.Domain().IsMatch(domain))
        {
            error = $"invalid reference format: \"{domain}\" is not a valid registry host[:port]";
        }
        else if (tag is not null && !ReferenceGrammar.TagName().IsMatch(tag))
        {
            error = $"invalid reference format: tag \"{tag}\" must match [A-Za-z0-9_][A-Za-z0-9_.-]{{0,127}}";
        }
        else if (digest is not null && !ReferenceGrammar.Digest().IsMatch(digest))
        {
            error = $"invalid reference format: \"{digest}\" is not a valid digest (algorithm:hex)";
        }
        else if (digest is not null && ReferenceGrammar.ValidateDigestAlgorithm(digest) is { } digestError)
        {
            error = digestError;
        }

        return error.Length == 0;
    }
}
