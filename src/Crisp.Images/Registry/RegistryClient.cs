using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using Crisp.Images.Credentials;
using Crisp.Images.Registries;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Crisp.Images.Registry;

/// <summary>
/// A client of the OCI distribution API (Docker Registry HTTP API v2) for pulling: resolves a tag or digest to the
/// image manifest for a platform and downloads blobs, verifying every digest and size. Handles Bearer token auth
/// (with token caching per registry, scope and credential), Basic auth, redirects, insecure registries and timeouts.
/// One instance serves the whole daemon; it is thread-safe.
/// </summary>
public sealed partial class RegistryClient : IDisposable
{
    private const int MaxIndexDepth = 3;
    private const int CopyBufferSize = 128 * 1024;

    private readonly RegistryClientOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly HttpClient _secureClient;
    private readonly HttpClient _insecureClient;
    private readonly SemaphoreSlim _downloadSlots;
    private readonly TokenCache _tokens;
    private readonly ConcurrentDictionary<(string Endpoint, bool Insecure), EndpointInfo> _endpoints = new();

    public RegistryClient(RegistryClientOptions? options = null, ILogger<RegistryClient>? logger = null)
    {
        _options = options ?? new RegistryClientOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxConcurrentDownloads, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxManifestBytes, 1, nameof(options));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = _options.TimeProvider;
        _secureClient = new HttpClient(CreateHandler(insecure: false, _options), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _insecureClient = new HttpClient(CreateHandler(insecure: true, _options), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _downloadSlots = new SemaphoreSlim(_options.MaxConcurrentDownloads, _options.MaxConcurrentDownloads);
        _tokens = new TokenCache(_time);
    }

    public RegistryClientOptions Options => _options;

    /// <summary>
    /// Resolves <c>source.Reference</c> (tag or digest) at <c>source.Endpoint</c> to an image manifest. An OCI index or
    /// Docker manifest list is narrowed to the entry for <paramref name="platform"/>. When the reference is a digest,
    /// the served manifest must hash to it; an index's entry must hash to the entry's digest.
    /// </summary>
    /// <exception cref="RegistryException">
    /// The registry refused or failed, the manifest is missing (<see cref="RegistryException.IsNotFound"/>), is too big,
    /// does not match its digest, is Docker schema 1, has no entry for the platform, or uses unsupported media types.
    /// </exception>
    public async Task<ResolvedManifest> ResolveAsync(PullSource source, RegistryCredential? credential, Platform platform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(platform);
        var context = await OpenAsync(source, credential, cancellationToken).ConfigureAwait(false);
        var reference = source.Reference;
        ContentDigest? pinned = reference.Digest is { } d ? ContentDigest.Parse(d, reference.ToString()) : null;

        var (bytes, contentType, headerDigest) = await FetchManifestAsync(context, reference.ManifestReference, context.Image, cancellationToken)
            .ConfigureAwait(false);
        var referenceDigest = pinned is { } want ? want.Of(bytes) : ContentDigest.Sha256Of(bytes);
        if (pinned is { } expected && referenceDigest != expected)
        {
            throw new RegistryException(
                $"manifest digest mismatch for {context.Image}: the registry served content with digest {referenceDigest}",
                statusCode: null,
                RegistryErrorCodes.DigestMismatch);
        }

        if (pinned is null && headerDigest is { } hint && ContentDigest.TryParse(hint, out var hinted)
            && hinted.Algorithm == ContentDigest.Sha256 && hinted != referenceDigest)
        {
            LogDigestHeaderDiffers(_logger, context.Image, hint, referenceDigest.ToString());
        }

        var manifest = ManifestParser.Parse(bytes, contentType, context.Image);
        var manifestDigest = referenceDigest;
        for (var depth = 0; manifest.IsIndex; depth++)
        {
            if (depth == MaxIndexDepth)
            {
                throw new RegistryException($"invalid manifest for {context.Image}: image indexes nest deeper than {MaxIndexDepth}", statusCode: null, RegistryErrorCodes.Unsupported);
            }

            var entry = SelectPlatform(manifest, platform, context.Image);
            var subject = $"{context.Image} (manifest {entry.Digest} for {platform})";
            if (entry.Size > _options.MaxManifestBytes)
            {
                throw TooBig(subject, entry.Size);
            }

            (bytes, contentType, _) = await FetchManifestAsync(context, entry.Digest, subject, cancellationToken).ConfigureAwait(false);
            var entryDigest = ContentDigest.Parse(entry.Digest, subject);
            manifestDigest = entryDigest.Of(bytes);
            if (manifestDigest != entryDigest || bytes.Length != entry.Size)
            {
                throw new RegistryException(
                    $"manifest digest mismatch for {subject}: the registry served {bytes.Length} bytes with digest {manifestDigest}, the index says {entry.Size} bytes",
                    statusCode: null,
                    RegistryErrorCodes.DigestMismatch);
            }

            manifest = ManifestParser.Parse(bytes, contentType ?? entry.MediaType, subject);
        }

        var config = manifest.Config!;
        if (!MediaTypes.IsConfig(config.MediaType))
        {
            throw new RegistryException(
                $"unsupported image {context.Image}: config media type \"{config.MediaType}\" is not a container image configuration (this may be an OCI artifact, not an image)",
                statusCode: null,
                RegistryErrorCodes.Unsupported);
        }

        foreach (var layer in manifest.Layers)
        {
            if (MediaTypes.GetLayerCompression(layer.MediaType) is null)
            {
                throw new RegistryException(
                    $"unsupported image {context.Image}: layer {layer.Digest} has media type \"{layer.MediaType}\"; crisp unpacks tar layers, plain, gzip or zstd",
                    statusCode: null,
                    RegistryErrorCodes.Unsupported);
            }
        }

        LogResolved(_logger, context.Image, referenceDigest.ToString(), manifestDigest.ToString());
        return new ResolvedManifest(referenceDigest.ToString(), manifestDigest.ToString(), manifest.MediaType, bytes, config, manifest.Layers);
    }

    /// <summary>Reads a small blob (an image config) into memory, verifying its size and digest.</summary>
    /// <exception cref="RegistryException">The blob is bigger than <paramref name="maxBytes"/>, missing, or does not match the descriptor.</exception>
    public async Task<byte[]> GetBlobBytesAsync(PullSource source, RegistryCredential? credential, Descriptor blob, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(blob);
        var context = await OpenAsync(source, credential, cancellationToken).ConfigureAwait(false);
        var subject = context.BlobSubject(blob.Digest);
        var digest = ContentDigest.Parse(blob.Digest, $"blob of {context.Image}");
        if (blob.Size < 0 || blob.Size > maxBytes)
        {
            throw new RegistryException($"blob {subject} is {blob.Size} bytes, more than the {maxBytes} allowed", statusCode: null, RegistryErrorCodes.Unsupported);
        }

        using var scope = new TimeoutScope(_options.RequestTimeout, _time, cancellationToken);
        try
        {
            using var response = await SendAsync(context, context.RepositoryUri($"blobs/{digest}"), accept: null, scope.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw await ErrorFromResponseAsync(context, response, subject, scope.Token).ConfigureAwait(false);
            }

            var bytes = await ReadLimitedAsync(
                response,
                blob.Size,
                size => new RegistryException($"blob size mismatch for {subject}: the registry sends {size} bytes or more, the manifest says {blob.Size}", statusCode: null, RegistryErrorCodes.DigestMismatch),
                scope.Token).ConfigureAwait(false);
            var actual = digest.Of(bytes);
            if (bytes.Length != blob.Size || actual != digest)
            {
                throw new RegistryException(
                    $"blob digest mismatch for {subject}: got {bytes.Length} bytes with digest {actual}, want {blob.Size} bytes",
                    statusCode: null,
                    RegistryErrorCodes.DigestMismatch);
            }

            return bytes;
        }
        catch (Exception e) when (Translate(e, scope, $"reading blob {subject}") is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>
    /// Streams a blob into a new file in <paramref name="destinationDirectory"/>, named by the digest's hex once its
    /// size and digest are verified (a partial file never keeps that name, and is deleted on any failure).
    /// Redirects are followed (the Authorization header is only sent to the registry itself); a foreign layer the
    /// registry does not have is fetched from its descriptor URLs. At most <see cref="RegistryClientOptions.MaxConcurrentDownloads"/>
    /// downloads run at once; <see cref="RegistryClientOptions.PullProgressTimeout"/> bounds every wait for data.
    /// <paramref name="progress"/> receives the number of bytes of each chunk as it arrives (a delta, not a total).
    /// </summary>
    /// <returns>The path of the verified blob.</returns>
    public async Task<string> DownloadBlobAsync(
        PullSource source, RegistryCredential? credential, Descriptor blob, string destinationDirectory, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentException.ThrowIfNullOrEmpty(destinationDirectory);
        var digest = ContentDigest.Parse(blob.Digest, $"blob of {source.Reference}");
        if (blob.Size < 0)
        {
            throw new RegistryException($"blob {blob.Digest} of {source.Reference} has a negative size", statusCode: null, RegistryErrorCodes.Unsupported);
        }

        var context = await OpenAsync(source, credential, cancellationToken).ConfigureAwait(false);
        var subject = context.BlobSubject(blob.Digest);
        Directory.CreateDirectory(destinationDirectory);
        await _downloadSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        var partial = Path.Combine(destinationDirectory, $".{digest.Hex}.{Guid.NewGuid():N}.partial");
        try
        {
            using var scope = new TimeoutScope(
                TimeoutScope.Shortest(_options.PullProgressTimeout, _options.RequestTimeout), _time, cancellationToken);
            try
            {
                using var response = await OpenBlobAsync(context, blob, digest, subject, scope.Token).ConfigureAwait(false);
                await CopyVerifiedAsync(response, blob, digest, subject, partial, progress, scope, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (Translate(e, scope, $"downloading blob {subject}") is { } translated)
            {
                throw translated;
            }

            var final = Path.Combine(destinationDirectory, digest.Hex);
            File.Move(partial, final, overwrite: true);
            LogDownloaded(_logger, subject, blob.Size);
            return final;
        }
        finally
        {
            _downloadSlots.Release();
            TryDelete(partial);
        }
    }

    public void Dispose()
    {
        _secureClient.Dispose();
        _insecureClient.Dispose();
        _downloadSlots.Dispose();
    }

    private async Task<HttpResponseMessage> OpenBlobAsync(RequestContext context, Descriptor blob, ContentDigest digest, string subject, CancellationToken cancellationToken)
    {
        var response = await SendAsync(context, context.RepositoryUri($"blobs/{digest}"), accept: null, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        if (response.StatusCode == HttpStatusCode.NotFound && blob.Urls is { Count: > 0 } urls)
        {
            foreach (var url in urls)
            {
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
                {
                    continue;
                }

                // A foreign layer's URL is not the registry: no credentials, and certificates are always verified.
                var (foreign, _) = await FollowRedirectsAsync(_secureClient, uri, accept: null, authorization: null, cancellationToken).ConfigureAwait(false);
                if (foreign.IsSuccessStatusCode)
                {
                    LogForeignLayer(_logger, subject, uri.GetLeftPart(UriPartial.Authority));
                    response.Dispose();
                    return foreign;
                }

                foreign.Dispose();
            }
        }

        using (response)
        {
            throw await ErrorFromResponseAsync(context, response, subject, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task CopyVerifiedAsync(
        HttpResponseMessage response, Descriptor blob, ContentDigest digest, string subject, string partial, IProgress<long>? progress,
        TimeoutScope scope, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is { } length && length != blob.Size)
        {
            throw new RegistryException(
                $"blob size mismatch for {subject}: the registry sends {length} bytes, the manifest says {blob.Size}",
                statusCode: null,
                RegistryErrorCodes.DigestMismatch);
        }

        var stall = _options.PullProgressTimeout;
        scope.Restart(stall);
        var body = await response.Content.ReadAsStreamAsync(scope.Token).ConfigureAwait(false);
        await using var bodyScope = body.ConfigureAwait(false);
        using var hash = digest.CreateHash();
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            var file = new FileStream(partial, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                Options = FileOptions.Asynchronous,
                PreallocationSize = blob.Size,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
            await using (file.ConfigureAwait(false))
            {
                long total = 0;
                while (true)
                {
                    scope.Restart(stall);
                    var read = await body.ReadAsync(buffer.AsMemory(0, CopyBufferSize), scope.Token).ConfigureAwait(false);
                    scope.Pause();
                    if (read == 0)
                    {
                        break;
                    }

                    total += read;
                    if (total > blob.Size)
                    {
                        throw new RegistryException(
                            $"blob size mismatch for {subject}: the registry sent more than the {blob.Size} bytes the manifest says",
                            statusCode: null,
                            RegistryErrorCodes.DigestMismatch);
                    }

                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    progress?.Report(read);
                }

                if (total != blob.Size)
                {
                    throw new RegistryException(
                        $"blob {subject} is truncated: got {total} of {blob.Size} bytes",
                        statusCode: null,
                        RegistryErrorCodes.DigestMismatch);
                }

                var actual = ContentDigest.FromHash(digest.Algorithm, hash);
                if (actual != digest)
                {
                    throw new RegistryException(
                        $"blob digest mismatch for {subject}: the content's digest is {actual}",
                        statusCode: null,
                        RegistryErrorCodes.DigestMismatch);
                }

                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static Platform? SelectablePlatform((Descriptor Descriptor, Platform? Platform) entry) =>
        MediaTypes.IsImageManifest(entry.Descriptor.MediaType) || MediaTypes.IsIndex(entry.Descriptor.MediaType) ? entry.Platform : null;

    private Descriptor SelectPlatform(ParsedManifest index, Platform platform, string image)
    {
        var candidates = index.Manifests.Select(SelectablePlatform).ToList();
        var chosen = PlatformMatcher.Select(candidates, platform);
        if (chosen < 0)
        {
            var available = candidates.OfType<Platform>().Select(p => p.ToString()).Distinct(StringComparer.Ordinal).ToList();
            throw new RegistryException(
                $"no image found in image index for {image} for architecture \"{platform.Architecture}\", variant \"{platform.Variant}\", OS \"{platform.Os}\""
                + (available.Count == 0 ? " (the index lists no platforms)" : $" (it has {string.Join(", ", available)})"),
                statusCode: null,
                RegistryErrorCodes.PlatformNotFound);
        }

        var entry = index.Manifests[chosen];
        LogPlatformSelected(_logger, image, entry.Platform!.ToString(), entry.Descriptor.Digest);
        return entry.Descriptor;
    }

    private RegistryException TooBig(string subject, long size) =>
        new($"manifest for {subject} is too big: {size} bytes, the limit is {_options.MaxManifestBytes}", statusCode: null, RegistryErrorCodes.Unsupported);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Leftovers in a download directory are removed with it.
        }
    }

    private static SocketsHttpHandler CreateHandler(bool insecure, RegistryClientOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            ConnectTimeout = TimeoutScope.IsEnabled(options.ConnectTimeout) ? options.ConnectTimeout : Timeout.InfiniteTimeSpan,
        };
        if (insecure)
        {
            // An insecure registry (registries.conf "insecure = true"): TLS without certificate verification.
            handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = static (_, _, _, _) => true };
        }

        return handler;
    }
}
