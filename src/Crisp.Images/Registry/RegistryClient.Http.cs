using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Crisp.Images.Credentials;
using Crisp.Images.Registries;

namespace Crisp.Images.Registry;

/// <summary>Transport: ping and scheme selection, authentication, redirects, bounded reads and error mapping.</summary>
public sealed partial class RegistryClient
{
    private const int MaxRedirects = 10;
    private const int MaxErrorBodyBytes = 64 * 1024;
    private const int MaxTokenBodyBytes = 1024 * 1024;
    private const int MaxErrorMessageChars = 512;
    private const string OAuthClientId = "crisp";

    /// <summary>The registry's scheme and challenges, from the ping cache or a fresh ping of <c>/v2/</c>.</summary>
    private async Task<RequestContext> OpenAsync(PullSource source, RegistryCredential? credential, CancellationToken cancellationToken)
    {
        var key = EndpointKey(source);
        if (!_endpoints.TryGetValue(key, out var endpoint) || _time.GetUtcNow() - endpoint.LearnedAt >= _options.PingCacheLifetime)
        {
            endpoint = await PingAsync(source, cancellationToken).ConfigureAwait(false);
            _endpoints[key] = endpoint;
        }

        return new RequestContext(source, credential, source.Insecure ? _insecureClient : _secureClient, endpoint);
    }

    private static (string Endpoint, bool Insecure) EndpointKey(PullSource source) => (source.Endpoint.ToLowerInvariant(), source.Insecure);

    /// <summary>
    /// <c>GET /v2/</c> over https, and for an insecure registry then over http (as containers/image does); the first
    /// scheme that answers 2xx or 401 wins. 401 carries the auth challenges.
    /// </summary>
    private async Task<EndpointInfo> PingAsync(PullSource source, CancellationToken cancellationToken)
    {
        string[] schemes = source.Insecure ? [Uri.UriSchemeHttps, Uri.UriSchemeHttp] : [Uri.UriSchemeHttps];
        var client = source.Insecure ? _insecureClient : _secureClient;
        var failures = new List<RegistryException>();
        foreach (var scheme in schemes)
        {
            var baseUri = new Uri($"{scheme}://{source.Endpoint}/");
            var what = $"pinging container registry {source.Endpoint} over {scheme}";
            using var scope = new TimeoutScope(_options.RequestTimeout, _time, cancellationToken);
            try
            {
                var (response, _) = await FollowRedirectsAsync(client, new Uri(baseUri, "/v2/"), accept: null, authorization: null, scope.Token)
                    .ConfigureAwait(false);
                using (response)
                {
                    if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.Unauthorized)
                    {
                        var challenges = response.StatusCode == HttpStatusCode.Unauthorized ? ChallengesOf(response) : [];
                        if (failures.Count > 0)
                        {
                            LogInsecureFallback(_logger, source.Endpoint, scheme, failures[0].Message);
                        }

                        return new EndpointInfo(baseUri, challenges, _time.GetUtcNow());
                    }

                    var text = await ReadErrorTextAsync(response, scope.Token).ConfigureAwait(false);
                    failures.Add(new RegistryException($"{what}: {text.Text}", response.StatusCode, text.Code));
                }
            }
            catch (Exception e) when (Translate(e, scope, what) is { } translated)
            {
                failures.Add(translated);
            }
        }

        if (failures.Count == 1)
        {
            throw failures[0];
        }

        throw new RegistryException(
            string.Join("; ", failures.Select(f => f.Message)),
            failures[0].StatusCode ?? failures[^1].StatusCode,
            failures[0].ErrorCode,
            failures[0]);
    }

    /// <summary>
    /// GETs <paramref name="uri"/> at the registry with the authorization its challenges call for, following
    /// redirects. A 401 with a challenge is answered once more with fresh credentials (a new token for the scope the
    /// registry named); a second 401 is returned to the caller.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(RequestContext context, Uri uri, string[]? accept, CancellationToken cancellationToken)
    {
        var (authorization, bearer) = await AuthorizeAsync(context, context.Endpoint.Challenges, extraScope: null, rejected: null, cancellationToken)
            .ConfigureAwait(false);
        var (response, finalUri) = await FollowRedirectsAsync(context.Client, uri, accept, authorization, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized || !SameOrigin(finalUri, uri))
        {
            return response;
        }

        var fresh = ChallengesOf(response);
        if (AuthChallenge.Preferred(fresh) is not { } challenge)
        {
            return response;
        }

        // Remember what the registry wants, so later requests authenticate up front.
        context.Endpoint = context.Endpoint with { Challenges = fresh };
        _endpoints[EndpointKey(context.Source)] = context.Endpoint;
        var (retryAuthorization, _) = await AuthorizeAsync(context, fresh, challenge["scope"], bearer, cancellationToken).ConfigureAwait(false);
        if (retryAuthorization is null || (authorization is not null && retryAuthorization.ToString() == authorization.ToString()))
        {
            return response; // Nothing new to offer.
        }

        response.Dispose();
        LogRetryAuthenticated(_logger, context.Image, challenge.Scheme);
        (response, _) = await FollowRedirectsAsync(context.Client, uri, accept, retryAuthorization, cancellationToken).ConfigureAwait(false);
        return response;
    }

    /// <summary>The Authorization header for <paramref name="challenges"/>, and the bearer token in it if any.</summary>
    private async Task<(AuthenticationHeaderValue? Header, string? Bearer)> AuthorizeAsync(
        RequestContext context, IReadOnlyList<AuthChallenge> challenges, string? extraScope, string? rejected, CancellationToken cancellationToken)
    {
        var challenge = AuthChallenge.Preferred(challenges);
        var credential = context.Credential;
        if (challenge is null)
        {
            return (null, null);
        }

        if (challenge.IsBasic)
        {
            return credential is { Username.Length: > 0 }
                ? (new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credential.Username + ":" + credential.Password))), null)
                : (null, null);
        }

        if (credential?.RegistryToken is { Length: > 0 } registryToken)
        {
            return (new AuthenticationHeaderValue("Bearer", registryToken), registryToken);
        }

        var scopes = new List<string> { context.Scope };
        foreach (var scope in (extraScope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!scopes.Contains(scope, StringComparer.Ordinal))
            {
                scopes.Add(scope);
            }
        }

        var key = string.Join('\n', challenge["realm"], challenge["service"], string.Join(' ', scopes), Fingerprint(credential));
        var token = await _tokens.GetAsync(key, rejected, ct => FetchTokenAsync(context, challenge, scopes, ct), cancellationToken).ConfigureAwait(false);
        return (new AuthenticationHeaderValue("Bearer", token), token);
    }

    /// <summary>Identifies a credential in cache keys without holding its secrets.</summary>
    private static string Fingerprint(RegistryCredential? credential) =>
        credential is null
            ? "anonymous"
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
                string.Join('\0', credential.Kind.ToString(), credential.Username, credential.Password, credential.IdentityToken ?? "", credential.RegistryToken ?? ""))));

    /// <summary>
    /// Asks the challenge's realm for a token (token spec): POST with the identity token as an OAuth2 refresh token,
    /// else GET with Basic credentials (or anonymously).
    /// </summary>
    private async Task<CachedToken> FetchTokenAsync(RequestContext context, AuthChallenge challenge, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        var source = context.Source;
        if (!Uri.TryCreate(challenge["realm"], UriKind.Absolute, out var realm) || (realm.Scheme != Uri.UriSchemeHttps && realm.Scheme != Uri.UriSchemeHttp))
        {
            throw new RegistryException(
                $"registry {source.Endpoint} asked for a Bearer token without a usable realm ({challenge})",
                HttpStatusCode.Unauthorized,
                RegistryErrorCodes.Unauthorized);
        }

        var service = challenge["service"];
        var credential = context.Credential;
        var what = $"getting a token from {realm.GetLeftPart(UriPartial.Authority)} to pull {context.Image}";
        using var scope = new TimeoutScope(_options.RequestTimeout, _time, cancellationToken);
        try
        {
            HttpResponseMessage response;
            if (credential?.IdentityToken is { Length: > 0 } refreshToken)
            {
                var form = new List<KeyValuePair<string, string>>
                {
                    new("grant_type", "refresh_token"),
                    new("refresh_token", refreshToken),
                    new("client_id", OAuthClientId),
                };
                if (!string.IsNullOrEmpty(service))
                {
                    form.Add(new("service", service));
                }

                form.Add(new("scope", string.Join(' ', scopes)));
                using var request = new HttpRequestMessage(HttpMethod.Post, realm) { Content = new FormUrlEncodedContent(form) };
                request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
                response = await context.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, scope.Token).ConfigureAwait(false);
            }
            else
            {
                var query = new StringBuilder(realm.Query.Length > 1 ? realm.Query[1..] + "&" : "");
                if (!string.IsNullOrEmpty(service))
                {
                    query.Append("service=").Append(Uri.EscapeDataString(service)).Append('&');
                }

                foreach (var s in scopes)
                {
                    query.Append("scope=").Append(Uri.EscapeDataString(s)).Append('&');
                }

                var uri = new UriBuilder(realm) { Query = query.ToString().TrimEnd('&') }.Uri;
                var basic = credential is { Username.Length: > 0 }
                    ? new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credential.Username + ":" + credential.Password)))
                    : null;
                (response, _) = await FollowRedirectsAsync(context.Client, uri, accept: null, basic, scope.Token).ConfigureAwait(false);
            }

            using (response)
            {
                if (!response.IsSuccessStatusCode)
                {
                    var text = await ReadErrorTextAsync(response, scope.Token).ConfigureAwait(false);
                    if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                    {
                        throw new RegistryException(
                            $"unauthorized to pull {source.Reference.Path} from {source.Endpoint}: the token server {realm.GetLeftPart(UriPartial.Authority)} refused {(credential is null ? "anonymous access" : credential.ToString())}: {text.Text}",
                            response.StatusCode,
                            text.Code ?? RegistryErrorCodes.Unauthorized);
                    }

                    throw new RegistryException($"{what} failed: {text.Text}", response.StatusCode, text.Code);
                }

                var body = await ReadLimitedAsync(response, MaxTokenBodyBytes, _ => new RegistryException($"{what} failed: the answer is too big"), scope.Token)
                    .ConfigureAwait(false);
                TokenDocument? document;
                try
                {
                    document = JsonSerializer.Deserialize(body, RegistryJsonContext.Default.TokenDocument);
                }
                catch (JsonException e)
                {
                    throw new RegistryException($"{what} failed: the answer is not a token document ({e.Message})", e);
                }

                var token = document?.Token is { Length: > 0 } t ? t : document?.AccessToken;
                if (string.IsNullOrEmpty(token))
                {
                    throw new RegistryException($"{what} failed: the answer has neither \"token\" nor \"access_token\"");
                }

                // Token spec: expires_in defaults to 60 s, and tokens live at least 60 s. The lifetime counts from
                // now rather than from issued_at: the token was just issued, and the token server's clock may be off.
                var lifetime = TimeSpan.FromSeconds(Math.Max(60, document!.ExpiresIn ?? 60));
                LogTokenFetched(_logger, realm.GetLeftPart(UriPartial.Authority), string.Join(' ', scopes), (long)lifetime.TotalSeconds);
                return new CachedToken(token, _time.GetUtcNow() + lifetime);
            }
        }
        catch (Exception e) when (Translate(e, scope, what) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>GET with redirects followed by hand; the Authorization header goes only to the original origin.</summary>
    private async Task<(HttpResponseMessage Response, Uri FinalUri)> FollowRedirectsAsync(
        HttpClient client, Uri uri, string[]? accept, AuthenticationHeaderValue? authorization, CancellationToken cancellationToken)
    {
        var current = uri;
        for (var hops = 0; ; hops++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, current);
            request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
            foreach (var type in accept ?? [])
            {
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
            }

            if (authorization is not null && SameOrigin(current, uri))
            {
                request.Headers.Authorization = authorization;
            }

            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is not (HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
                or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect))
            {
                return (response, current);
            }

            var location = response.Headers.Location;
            var status = (int)response.StatusCode;
            response.Dispose();
            if (location is null)
            {
                throw new RegistryException($"{current.GetLeftPart(UriPartial.Authority)} answered {status} without a Location", (HttpStatusCode)status, errorCode: null);
            }

            if (hops == MaxRedirects)
            {
                throw new RegistryException($"too many redirects (more than {MaxRedirects}) for {uri.GetLeftPart(UriPartial.Path)}", (HttpStatusCode)status, errorCode: null);
            }

            var next = location.IsAbsoluteUri ? location : new Uri(current, location);
            if (next.Scheme != Uri.UriSchemeHttps && next.Scheme != Uri.UriSchemeHttp)
            {
                throw new RegistryException($"{current.GetLeftPart(UriPartial.Authority)} redirected to an unsupported scheme \"{next.Scheme}\"", (HttpStatusCode)status, errorCode: null);
            }

            // Only scheme, host and path: a pre-signed URL's query carries its signature.
            LogRedirect(_logger, current.GetLeftPart(UriPartial.Path), next.GetLeftPart(UriPartial.Path));
            current = next;
        }
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;

    private static IReadOnlyList<AuthChallenge> ChallengesOf(HttpResponseMessage response) =>
        response.Headers.NonValidated.TryGetValues("WWW-Authenticate", out var values) ? AuthChallenge.Parse(values) : [];

    /// <summary>GETs a manifest (by tag or digest) with every supported media type accepted, within the size limit.</summary>
    private async Task<(byte[] Bytes, string? ContentType, string? DigestHeader)> FetchManifestAsync(
        RequestContext context, string reference, string subject, CancellationToken cancellationToken)
    {
        using var scope = new TimeoutScope(_options.RequestTimeout, _time, cancellationToken);
        try
        {
            using var response = await SendAsync(context, context.RepositoryUri($"manifests/{reference}"), MediaTypes.ManifestAccept, scope.Token)
                .ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw await ErrorFromResponseAsync(context, response, subject, scope.Token).ConfigureAwait(false);
            }

            var bytes = await ReadLimitedAsync(response, _options.MaxManifestBytes, size => TooBig(subject, size), scope.Token).ConfigureAwait(false);
            var digestHeader = response.Headers.NonValidated.TryGetValues("Docker-Content-Digest", out var values) ? values.ToString() : null;
            return (bytes, response.Content.Headers.ContentType?.MediaType, digestHeader);
        }
        catch (Exception e) when (Translate(e, scope, $"fetching the manifest of {subject}") is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>Reads a whole body of at most <paramref name="limit"/> bytes (Content-Length checked first, then the bytes read).</summary>
    private static async Task<byte[]> ReadLimitedAsync(HttpResponseMessage response, long limit, Func<long, RegistryException> tooBig, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is { } length && length > limit)
        {
            throw tooBig(length);
        }

        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            while (true)
            {
                var read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return buffer.ToArray();
                }

                if (buffer.Length + read > limit)
                {
                    throw tooBig(buffer.Length + read);
                }

                buffer.Write(chunk, 0, read);
            }
        }
    }

    /// <summary>The exception for a failed registry response, with the distribution error body's code and messages.</summary>
    private static async Task<RegistryException> ErrorFromResponseAsync(RequestContext context, HttpResponseMessage response, string subject, CancellationToken cancellationToken)
    {
        var (text, code) = await ReadErrorTextAsync(response, cancellationToken).ConfigureAwait(false);
        var source = context.Source;
        var status = response.StatusCode;
        var message = status switch
        {
            HttpStatusCode.Unauthorized =>
                $"unauthorized to pull {source.Reference.Path} from registry {source.Endpoint}: {text} ({DescribeCredential(context.Credential)}; the repository may not exist or may require authorization)",
            HttpStatusCode.Forbidden =>
                $"access denied to {source.Reference.Path} at registry {source.Endpoint}: {text} ({DescribeCredential(context.Credential)})",
            HttpStatusCode.TooManyRequests =>
                $"too many requests to registry {source.Endpoint}: {text}{RetryAfter(response)}: {subject}",
            _ => $"{text}: {subject}",
        };
        code ??= status switch
        {
            HttpStatusCode.Unauthorized => RegistryErrorCodes.Unauthorized,
            HttpStatusCode.Forbidden => RegistryErrorCodes.Denied,
            HttpStatusCode.TooManyRequests => RegistryErrorCodes.TooManyRequests,
            _ => null,
        };
        return new RegistryException(message, status, code);
    }

    private static string RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta is { } delta ? $" (retry after {(long)delta.TotalSeconds}s)" : "";

    /// <summary>The messages of a distribution error body (or the HTTP status when there is none) and the first error code.</summary>
    private static async Task<(string Text, string? Code)> ReadErrorTextAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        byte[] body;
        try
        {
            body = await ReadLimitedAsync(response, MaxErrorBodyBytes, size => new RegistryException("error body too big"), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RegistryException or HttpRequestException or IOException)
        {
            body = [];
        }

        ErrorDocument? document = null;
        if (body.Length > 0 && body.AsSpan().TrimStart(" \t\r\n"u8) is [(byte)'{', ..])
        {
            try
            {
                document = JsonSerializer.Deserialize(body, RegistryJsonContext.Default.ErrorDocument);
            }
            catch (JsonException)
            {
                // Not a distribution error body; fall back to the status.
            }
        }

        var errors = document?.Errors ?? [];
        var messages = errors
            .Select(e => string.IsNullOrWhiteSpace(e.Message) ? e.Code?.ToLowerInvariant().Replace('_', ' ') : e.Message.Trim())
            .OfType<string>()
            .Select(m => m.Length > MaxErrorMessageChars ? m[..MaxErrorMessageChars] + "…" : m)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (messages.Count == 0 && !string.IsNullOrWhiteSpace(document?.Details))
        {
            // Token servers (Docker Hub's among them) answer {"details": "..."}.
            messages.Add(document.Details.Length > MaxErrorMessageChars ? document.Details[..MaxErrorMessageChars] + "…" : document.Details.Trim());
        }

        var code = errors.Select(e => e.Code).FirstOrDefault(c => !string.IsNullOrEmpty(c));
        var text = messages.Count > 0
            ? string.Join("; ", messages)
            : response.StatusCode == HttpStatusCode.NotFound
                ? "not found"
                : $"unexpected HTTP status {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();
        return (text, code);
    }

    private static string DescribeCredential(RegistryCredential? credential) =>
        credential is null ? "no credentials were given" : credential.ToString();

    /// <summary>
    /// Turns a transport failure into a <see cref="RegistryException"/> (timeouts and unreachable registries); returns
    /// null for what should propagate unchanged (registry exceptions, the caller's cancellation, local I/O errors).
    /// </summary>
    private static RegistryException? Translate(Exception e, TimeoutScope scope, string what)
    {
        if (e is RegistryException)
        {
            return null;
        }

        if (scope.TimedOut && e is OperationCanceledException or IOException or HttpRequestException)
        {
            return new RegistryException(
                $"{what} timed out: nothing received for {FormatDuration(scope.Timeout)}",
                statusCode: null,
                RegistryErrorCodes.Timeout,
                e);
        }

        if (e is HttpRequestException or HttpIOException || e is IOException { InnerException: SocketException })
        {
            var detail = e.InnerException is { } inner && !e.Message.Contains(inner.Message, StringComparison.Ordinal)
                ? $"{e.Message} ({inner.Message})"
                : e.Message;
            return new RegistryException($"{what} failed: {detail}", (e as HttpRequestException)?.StatusCode, RegistryErrorCodes.Unreachable, e);
        }

        return null;
    }

    private static string FormatDuration(TimeSpan duration) =>
        duration.TotalSeconds >= 1 ? $"{duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)}s" : $"{(long)duration.TotalMilliseconds}ms";
}
