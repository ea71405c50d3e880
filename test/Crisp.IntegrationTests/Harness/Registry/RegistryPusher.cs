using System.Net;
using System.Net.Http.Headers;

namespace Crisp.IntegrationTests.Harness.Registry;

/// <summary>
/// Pushes blobs and manifests to a registry over plain HTTP (distribution spec): a blob is skipped when HEAD finds
/// it, otherwise uploaded monolithically (POST /v2/&lt;name&gt;/blobs/uploads/, then PUT &lt;location&gt;&amp;digest=…);
/// manifests and indexes are PUT with their media type as Content-Type. Basic auth is sent preemptively.
/// </summary>
public sealed class RegistryPusher : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsClient;

    /// <summary>A pusher with its own client for http://<paramref name="host"/>/.</summary>
    public RegistryPusher(string host, RegistryCredentials? credentials = null)
        : this(RegistryHttp.CreateClient(host, credentials), ownsClient: true)
    {
    }

    /// <summary>A pusher over a client whose BaseAddress is the registry (and which carries any auth header).</summary>
    public RegistryPusher(HttpClient http, bool ownsClient = false)
    {
        _http = http.BaseAddress is not null ? http : throw new ArgumentException("the client needs a BaseAddress", nameof(http));
        _ownsClient = ownsClient;
    }

    public async Task<bool> BlobExistsAsync(string repository, string digest, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, $"v2/{repository}/blobs/{digest}");
        using var response = await _http.SendAsync(request, ct);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => true,
            HttpStatusCode.NotFound => false,
            _ => throw await FailureAsync(response, $"HEAD blob {digest} in {repository}", ct),
        };
    }

    /// <summary>Uploads a blob unless the repository has it; returns whether it uploaded.</summary>
    public async Task<bool> PushBlobAsync(string repository, string digest, ReadOnlyMemory<byte> content, CancellationToken ct = default)
    {
        if (await BlobExistsAsync(repository, digest, ct))
        {
            return false;
        }

        Uri location;
        using (var start = await _http.PostAsync($"v2/{repository}/blobs/uploads/", content: null, ct))
        {
            if (start.StatusCode != HttpStatusCode.Accepted || start.Headers.Location is null)
            {
                throw await FailureAsync(start, $"POST blob upload in {repository}", ct);
            }

            location = start.Headers.Location.IsAbsoluteUri ? start.Headers.Location : new Uri(_http.BaseAddress!, start.Headers.Location);
        }

        var separator = location.Query.Length > 0 ? "&" : "?";
        using var body = new ReadOnlyMemoryContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var put = await _http.PutAsync($"{location.AbsoluteUri}{separator}digest={Uri.EscapeDataString(digest)}", body, ct);
        if (put.StatusCode != HttpStatusCode.Created)
        {
            throw await FailureAsync(put, $"PUT blob {digest} in {repository}", ct);
        }

        return true;
    }

    public Task<bool> PushBlobAsync(string repository, ContentBlob blob, CancellationToken ct = default) =>
        PushBlobAsync(repository, blob.Digest, blob.Content, ct);

    /// <summary>PUTs a manifest or index under a tag or digest; returns the digest the registry computed (checked against ours).</summary>
    public async Task<string> PushManifestAsync(string repository, string reference, string mediaType, ReadOnlyMemory<byte> content,
        CancellationToken ct = default)
    {
        using var body = new ReadOnlyMemoryContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var response = await _http.PutAsync($"v2/{repository}/manifests/{reference}", body, ct);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw await FailureAsync(response, $"PUT manifest {repository}:{reference}", ct);
        }

        var expected = Digests.Sha256(content.Span);
        var digest = response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.Single() : expected;
        return digest == expected
            ? digest
            : throw new InvalidOperationException($"the registry stored {repository}:{reference} as {digest}, not {expected}");
    }

    public Task<string> PushManifestAsync(string repository, string reference, ContentBlob manifest, CancellationToken ct = default) =>
        PushManifestAsync(repository, reference, manifest.MediaType, manifest.Content, ct);

    /// <summary>Pushes the layers and config, then the manifest under <paramref name="tag"/> (or its digest when null).</summary>
    public async Task<string> PushImageAsync(string repository, TestImage image, string? tag = null, CancellationToken ct = default)
    {
        foreach (var blob in image.Blobs.DistinctBy(b => b.Digest))
        {
            await PushBlobAsync(repository, blob, ct);
        }

        return await PushManifestAsync(repository, tag ?? image.Digest, image.Manifest, ct);
    }

    /// <summary>Pushes every image of the index by digest, then the index under <paramref name="tag"/> (or its digest).</summary>
    public async Task<string> PushIndexAsync(string repository, TestImageIndex index, string? tag = null, CancellationToken ct = default)
    {
        foreach (var image in index.Images)
        {
            await PushImageAsync(repository, image, tag: null, ct);
        }

        return await PushManifestAsync(repository, tag ?? index.Digest, index.Index, ct);
    }

    public void Dispose()
    {
        if (_ownsClient)
        {
            _http.Dispose();
        }
    }

    private static async Task<Exception> FailureAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        return new HttpRequestException($"{what}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}: {body}", null, response.StatusCode);
    }
}

/// <summary>HttpClients for a test registry: plain HTTP, no proxy (CI may set http_proxy), optional Basic auth.</summary>
public static class RegistryHttp
{
    public static HttpClient CreateClient(string host, RegistryCredentials? credentials = null)
    {
        var handler = new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false };
        var client = new HttpClient(handler) { BaseAddress = new Uri($"http://{host}/"), Timeout = TimeSpan.FromSeconds(60) };
        if (credentials is not null)
        {
            client.DefaultRequestHeaders.Authorization = credentials.AuthorizationHeader;
        }

        return client;
    }
}
