using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Crisp.Images.References;
using Crisp.Images.Registries;
using Microsoft.AspNetCore.Http;

namespace Crisp.Images.Tests.Registry;

public enum FakeAuth
{
    None,
    Bearer,
    Basic,
}

/// <summary>A token request the fake token server received.</summary>
public sealed record TokenRequest(string Method, string? Service, IReadOnlyList<string> Scopes, string? Authorization, string? GrantType, string? RefreshToken, string? ClientId);

/// <summary>A registry request the fake registry received.</summary>
public sealed record RequestRecord(string Method, string Path, string? Authorization);

/// <summary>
/// An in-memory registry for what a real one cannot be made to do: token auth with counting, identity tokens,
/// redirects, stalls, wrong content and error answers (through <see cref="Intercept"/>).
/// </summary>
public sealed partial class FakeRegistry : IAsyncDisposable
{
    public const string Service = "fake-registry";

    private readonly ConcurrentDictionary<string, (string MediaType, byte[] Bytes)> _manifests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte[]> _blobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _issued = new(StringComparer.Ordinal);
    private int _tokenCounter;
    private int _inFlight;
    private int _maxInFlight;
    private FakeServer? _server;

    public FakeAuth Auth { get; set; }

    /// <summary>The account the registry (Basic) or the token endpoint (GET with Basic) accepts; null: anonymous tokens.</summary>
    public (string User, string Password)? Account { get; set; }

    /// <summary>The refresh (identity) token the token endpoint accepts with POST.</summary>
    public string? RefreshToken { get; set; }

    /// <summary>Tokens the registry accepts without the token endpoint (a <c>registrytoken</c>).</summary>
    public string? StaticToken { get; set; }

    public int TokenExpiresIn { get; set; } = 300;

    /// <summary>Registry rejects every token (to test the "401 after auth" path).</summary>
    public bool RejectTokens { get; set; }

    /// <summary>Runs first; return true when it answered the request.</summary>
    public Func<HttpContext, Task<bool>>? Intercept { get; set; }

    /// <summary>Each blob GET waits this long before answering (to measure concurrency).</summary>
    public TimeSpan BlobDelay { get; set; }

    public ConcurrentQueue<TokenRequest> TokenRequests { get; } = new();

    public ConcurrentQueue<RequestRecord> Requests { get; } = new();

    public int MaxBlobsInFlight => Volatile.Read(ref _maxInFlight);

    public string Endpoint => Server.Endpoint;

    public Uri BaseUri => Server.BaseUri;

    private FakeServer Server => _server ?? throw new InvalidOperationException("not started");

    public static async Task<FakeRegistry> StartAsync(FakeAuth auth = FakeAuth.None)
    {
        var registry = new FakeRegistry { Auth = auth };
        registry._server = await FakeServer.StartAsync(registry.HandleAsync);
        return registry;
    }

    /// <summary>A pull source for <c>endpoint/repository:tag</c> (insecure: the fake speaks plain http).</summary>
    public PullSource Source(string repositoryAndReference, bool insecure = true) => SourceFor(Endpoint, repositoryAndReference, insecure);

    public static PullSource SourceFor(string endpoint, string repositoryAndReference, bool insecure)
    {
        var reference = ImageReference.Parse($"{endpoint}/{repositoryAndReference}");
        return new PullSource(reference, endpoint, insecure, IsMirror: false, reference);
    }

    public void AddBlob(TestBlob blob) => _blobs[blob.Descriptor.Digest] = blob.Data;

    public void AddManifest(string repository, string? tag, string mediaType, byte[] bytes)
    {
        _manifests[$"{repository}@{TestBlob.Digest(bytes)}"] = (mediaType, bytes);
        if (tag is not null)
        {
            _manifests[$"{repository}:{tag}"] = (mediaType, bytes);
        }
    }

    public void AddImage(string repository, TestImage image, string? tag)
    {
        foreach (var blob in image.Blobs)
        {
            AddBlob(blob);
        }

        AddManifest(repository, tag, image.MediaType, image.Manifest);
    }

    public ValueTask DisposeAsync() => _server?.DisposeAsync() ?? ValueTask.CompletedTask;

    public static Task WriteErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync($$"""{"errors":[{"code":"{{code}}","message":"{{message}}","detail":null}]}""");
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        Requests.Enqueue(new RequestRecord(request.Method, path, request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null));
        if (Intercept is { } intercept && await intercept(context))
        {
            return;
        }

        if (path == "/token")
        {
            await HandleTokenAsync(context);
            return;
        }

        var match = RepositoryPath().Match(path);
        if (path != "/v2/" && !match.Success)
        {
            context.Response.StatusCode = 404;
            return;
        }

        var repository = match.Success ? match.Groups["name"].Value : null;
        if (!Authorized(request))
        {
            context.Response.Headers.WWWAuthenticate = Auth == FakeAuth.Basic
                ? "Basic realm=\"fake\""
                : $"Bearer realm=\"{BaseUri}token\",service=\"{Service}\"" + (repository is null ? "" : $",scope=\"repository:{repository}:pull\"");
            await WriteErrorAsync(context, 401, "UNAUTHORIZED", "authentication required");
            return;
        }

        if (!match.Success)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{}");
            return;
        }

        var reference = match.Groups["ref"].Value;
        if (match.Groups["kind"].Value == "manifests")
        {
            var key = reference.Contains(':', StringComparison.Ordinal) ? $"{repository}@{reference}" : $"{repository}:{reference}";
            if (!_manifests.TryGetValue(key, out var manifest))
            {
                await WriteErrorAsync(context, 404, "MANIFEST_UNKNOWN", "manifest unknown");
                return;
            }

            context.Response.ContentType = manifest.MediaType;
            context.Response.Headers["Docker-Content-Digest"] = TestBlob.Digest(manifest.Bytes);
            context.Response.ContentLength = manifest.Bytes.Length;
            await context.Response.Body.WriteAsync(manifest.Bytes);
            return;
        }

        if (!_blobs.TryGetValue(reference, out var blob))
        {
            await WriteErrorAsync(context, 404, "BLOB_UNKNOWN", "blob unknown to registry");
            return;
        }

        var now = Interlocked.Increment(ref _inFlight);
        try
        {
            int seen;
            while (now > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
            {
            }

            if (BlobDelay > TimeSpan.Zero)
            {
                await Task.Delay(BlobDelay, context.RequestAborted);
            }

            context.Response.ContentType = "application/octet-stream";
            context.Response.ContentLength = blob.Length;
            await context.Response.Body.WriteAsync(blob, context.RequestAborted);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private bool Authorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return Auth switch
        {
            FakeAuth.None => true,
            FakeAuth.Basic => Account is { } account && header == BasicHeader(account.User, account.Password),
            _ => header.StartsWith("Bearer ", StringComparison.Ordinal) && !RejectTokens
                && (_issued.ContainsKey(header[7..]) || (StaticToken is not null && header[7..] == StaticToken)),
        };
    }

    public static string BasicHeader(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    private async Task HandleTokenAsync(HttpContext context)
    {
        var request = context.Request;
        var authorization = request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null;
        TokenRequest record;
        bool allowed;
        if (HttpMethods.IsPost(request.Method))
        {
            var form = await request.ReadFormAsync();
            record = new TokenRequest("POST", form["service"], form["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries),
                authorization, form["grant_type"], form["refresh_token"], form["client_id"]);
            allowed = record.GrantType == "refresh_token" && RefreshToken is not null && record.RefreshToken == RefreshToken;
        }
        else
        {
            record = new TokenRequest("GET", request.Query["service"], request.Query["scope"].OfType<string>().ToList(), authorization, null, null, null);
            allowed = Account is not { } account || authorization == BasicHeader(account.User, account.Password);
        }

        TokenRequests.Enqueue(record);
        if (!allowed)
        {
            context.Response.StatusCode = 401;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"details":"incorrect username or password"}""");
            return;
        }

        var token = $"tok-{Interlocked.Increment(ref _tokenCounter)}";
        _issued[token] = string.Join(' ', record.Scopes);
        context.Response.ContentType = "application/json";
        var issuedAt = DateTimeOffset.UtcNow.ToString("O");
        await context.Response.WriteAsync(record.Method == "POST"
            ? $$"""{"access_token":"{{token}}","scope":"{{_issued[token]}}","expires_in":{{TokenExpiresIn}}}"""
            : $$"""{"token":"{{token}}","expires_in":{{TokenExpiresIn}},"issued_at":"{{issuedAt}}"}""");
    }

    [GeneratedRegex("^/v2/(?<name>.+)/(?<kind>manifests|blobs)/(?<ref>[^/]+)$")]
    private static partial Regex RepositoryPath();
}
