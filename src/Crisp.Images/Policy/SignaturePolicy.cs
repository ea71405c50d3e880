using Crisp.Images.References;

namespace Crisp.Images.Policy;

/// <summary>
/// containers-policy.json(5) for the <c>docker</c> transport. <c>insecureAcceptAnything</c> allows,
/// <c>reject</c> denies; signature requirements (<c>signedBy</c>, <c>sigstoreSigned</c>, <c>signedBaseLayer</c>)
/// deny, because crisp does not verify signatures.
/// </summary>
public sealed class SignaturePolicy
{
    /// <summary>The system-wide policy file.</summary>
    public const string DefaultPath = "/etc/containers/policy.json";

    private const string DockerTransport = "docker";

    private readonly IReadOnlyList<PolicyRequirement> _default;
    private readonly Dictionary<string, Dictionary<string, IReadOnlyList<PolicyRequirement>>> _transports;

    private SignaturePolicy(
        string origin,
        IReadOnlyList<PolicyRequirement> defaults,
        Dictionary<string, Dictionary<string, IReadOnlyList<PolicyRequirement>>> transports)
    {
        Origin = origin;
        _default = defaults;
        _transports = transports;
    }

    /// <summary>The file the policy was read from.</summary>
    public string Origin { get; }

    /// <summary>Reads <paramref name="path"/> (null or empty: <see cref="DefaultPath"/>). A missing file is an error, as in containers/image.</summary>
    /// <exception cref="SignaturePolicyException">The file is missing, unreadable or invalid.</exception>
    public static SignaturePolicy Load(string? path = null)
    {
        var file = string.IsNullOrEmpty(path) ? DefaultPath : path;
        string json;
        try
        {
            json = File.ReadAllText(file);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new SignaturePolicyException($"no policy.json file found at \"{file}\"", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SignaturePolicyException($"reading policy \"{file}\": {e.Message}", e);
        }

        return Parse(json, file);
    }

    /// <summary>Parses policy JSON text; <paramref name="origin"/> names it in messages.</summary>
    /// <exception cref="SignaturePolicyException">The policy is invalid.</exception>
    public static SignaturePolicy Parse(string json, string origin = "policy.json")
    {
        try
        {
            var (defaults, transports) = PolicyParser.Parse(json);
            return new SignaturePolicy(origin, defaults, transports);
        }
        catch (FormatException e)
        {
            throw new SignaturePolicyException($"invalid policy in \"{origin}\": {e.Message}", e);
        }
    }

    /// <summary>Decides whether <paramref name="reference"/> (the fully-qualified name being pulled) may be pulled.</summary>
    public PolicyDecision Evaluate(ImageReference reference)
    {
        var (scope, requirements) = RequirementsFor(reference);
        var image = $"docker://{Identity(reference)}";
        foreach (var requirement in requirements)
        {
            switch (requirement.Type)
            {
                case PolicyRequirementType.InsecureAcceptAnything:
                    continue;
                case PolicyRequirementType.Reject:
                    return new PolicyDecision(false, scope, $"Running image {image} is rejected by policy ({scope} in {Origin})");
                default:
                    return new PolicyDecision(
                        false,
                        scope,
                        $"image {image} requires signature verification (\"{requirement.TypeName}\" in {scope} of {Origin}), " +
                        "but signature verification is not supported by crisp");
            }
        }

        return new PolicyDecision(true, scope, $"image {image} is accepted by {scope} in {Origin}");
    }

    /// <summary>The most specific section: exact image, repository, namespaces, host[:port], wildcard domains, "", default.</summary>
    private (string Scope, IReadOnlyList<PolicyRequirement> Requirements) RequirementsFor(ImageReference reference)
    {
        if (_transports.TryGetValue(DockerTransport, out var scopes))
        {
            foreach (var candidate in ScopesOf(reference))
            {
                if (scopes.TryGetValue(candidate, out var requirements))
                {
                    return ($"transports.docker[\"{candidate}\"]", requirements);
                }
            }
        }

        return ("default", _default);
    }

    /// <summary>
    /// Scope names to look up, most specific first (containers/image's DockerReferenceIdentity and
    /// DockerReferenceNamespaces): identity, repository, parent namespaces, host[:port], then <c>*.</c>-domains
    /// of the host without port, then the transport default <c>""</c>.
    /// </summary>
    internal static IEnumerable<string> ScopesOf(ImageReference reference)
    {
        yield return Identity(reference);
        var name = reference.Name;
        while (true)
        {
            yield return name;
            var slash = name.LastIndexOf('/');
            if (slash < 0)
            {
                break;
            }

            name = name[..slash];
        }

        var colon = name.StartsWith('[') ? name.IndexOf("]:", StringComparison.Ordinal) + 1 : name.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
        {
            name = name[..colon];
        }

        for (var dot = name.IndexOf('.', StringComparison.Ordinal); dot >= 0; dot = name.IndexOf('.', StringComparison.Ordinal))
        {
            name = name[(dot + 1)..];
            yield return "*." + name;
        }

        yield return "";
    }

    /// <summary>name:tag or name@digest; a reference with both is identified by its digest.</summary>
    private static string Identity(ImageReference reference) => reference.ForPull().ToString();
}
