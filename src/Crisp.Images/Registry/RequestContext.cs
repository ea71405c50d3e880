using Crisp.Images.Credentials;
using Crisp.Images.References;
using Crisp.Images.Registries;

namespace Crisp.Images.Registry;

/// <summary>What every request of one operation against one pull source shares.</summary>
internal sealed class RequestContext
{
    public RequestContext(PullSource source, RegistryCredential? credential, HttpClient client, EndpointInfo endpoint)
    {
        Source = source;
        Credential = credential;
        Client = client;
        Endpoint = endpoint;
        Scope = $"repository:{source.Reference.Path}:pull";
        Via = string.Equals(source.Endpoint, ImageReference.EndpointFor(source.Reference.Domain), StringComparison.OrdinalIgnoreCase)
            ? ""
            : $" (via {source.Endpoint})";
    }

    public PullSource Source { get; }

    public RegistryCredential? Credential { get; }

    public HttpClient Client { get; }

    /// <summary>Scheme, base address and auth challenges of the registry; replaced when a request learns new challenges.</summary>
    public EndpointInfo Endpoint { get; set; }

    /// <summary>The token scope every request of a pull needs: <c>repository:&lt;path&gt;:pull</c>.</summary>
    public string Scope { get; }

    /// <summary>" (via endpoint)" when requests go to a host other than the reference's own registry (a mirror).</summary>
    public string Via { get; }

    /// <summary>The image being pulled, for messages: <c>registry/path:tag</c> or <c>registry/path@digest</c>.</summary>
    public string Image => Source.Reference + Via;

    /// <summary>A blob of the repository, for messages.</summary>
    public string BlobSubject(string digest) => $"{Source.Reference.Name}@{digest}{Via}";

    /// <summary>The absolute address of <c>/v2/&lt;path&gt;/&lt;relative&gt;</c> at the registry.</summary>
    public Uri RepositoryUri(string relative) => new(Endpoint.BaseUri, $"/v2/{Source.Reference.Path}/{relative}");
}

/// <summary>What a ping of <c>/v2/</c> taught about a registry endpoint.</summary>
/// <param name="BaseUri"><c>https://host[:port]/</c> or, for an insecure registry without TLS, <c>http://…</c>.</param>
/// <param name="Challenges">The auth challenges it answered with (empty when it needs no auth).</param>
/// <param name="LearnedAt">When this was learned.</param>
internal sealed record EndpointInfo(Uri BaseUri, IReadOnlyList<AuthChallenge> Challenges, DateTimeOffset LearnedAt);
