using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Crisp.Images.Tests.Registry;

/// <summary>Pushes test content to a real registry with the distribution API (monolithic blob upload, manifest PUT).</summary>
public sealed class RegistryPusher : IDisposable
{
    private readonly HttpClient _http;

    public RegistryPusher(Uri baseUri, (string User, string Password)? basic)
    {
        _http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
        if (basic is { } b)
        {
            _http.DefaultRequestHeaders.Authorization =
                new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{b.User}:{b.Password}")));
        }
    }

    public async Task PushBlobAsync(string repository, TestBlob blob)
    {
        using var start = await _http.PostAsync($"/v2/{repository}/blobs/uploads/", content: null);
        await EnsureAsync(start, HttpStatusCode.Accepted, "starting an upload");
        var location = start.Headers.Location ?? throw new InvalidOperationException("upload without Location");
        var upload = location.IsAbsoluteUri ? location : new Uri(_http.BaseAddress!, location);
        var separator = upload.Query.Length > 0 ? "&" : "?";
        using var content = new ByteArrayContent(blob.Data);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var put = await _http.PutAsync(new Uri(upload + separator + "digest=" + Uri.EscapeDataString(blob.Descriptor.Digest)), content);
        await EnsureAsync(put, HttpStatusCode.Created, $"uploading {blob.Descriptor.Digest}");
    }

    public async Task PushManifestAsync(string repository, string reference, string mediaType, byte[] manifest)
    {
        using var content = new ByteArrayContent(manifest);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var put = await _http.PutAsync($"/v2/{repository}/manifests/{reference}", content);
        await EnsureAsync(put, HttpStatusCode.Created, $"putting manifest {repository}:{reference}");
    }

    /// <summary>Pushes the image's blobs and its manifest under <paramref name="tag"/> (or only by digest when null).</summary>
    public async Task PushImageAsync(string repository, TestImage image, string? tag)
    {
        foreach (var blob in image.Blobs)
        {
            await PushBlobAsync(repository, blob);
        }

        await PushManifestAsync(repository, tag ?? image.Digest, image.MediaType, image.Manifest);
    }

    public void Dispose() => _http.Dispose();

    private static async Task EnsureAsync(HttpResponseMessage response, HttpStatusCode expected, string what)
    {
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
