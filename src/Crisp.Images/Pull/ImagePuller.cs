using System.Security.Cryptography;
using System.Text.Json;
using Crisp.Images.Credentials;
using Crisp.Images.References;
using Crisp.Images.Registries;
using Crisp.Images.Registry;
using Crisp.Storage;
using Crisp.Storage.Images;
using Microsoft.Extensions.Logging;

namespace Crisp.Images.Pull;

/// <summary>
/// Pulls an image into the stores: resolves the name through registries.conf, checks the signature policy,
/// tries each source (mirrors, then the registry) until one has the manifest, downloads the missing layers in
/// parallel, unpacks them in order, and records the image. Concurrent pulls of the same name share one pull;
/// layers already in the store are never fetched again.
/// </summary>
public sealed partial class ImagePuller
{
    private const long MaxConfigBytes = 8 * 1024 * 1024;

    private readonly RegistryClient _client;
    private readonly LayerStore _layers;
    private readonly ImageStore _images;
    private readonly Func<PullSettings> _settings;
    private readonly string _downloadDirectory;
    private readonly ILogger<ImagePuller> _logger;
    private readonly TimeProvider _time;
    private readonly IPullMetrics _metrics;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Task<PulledImage>> _inFlight = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _layersBeingPulled = new(StringComparer.Ordinal);

    public ImagePuller(
        RegistryClient client,
        LayerStore layers,
        ImageStore images,
        Func<PullSettings> settings,
        string downloadDirectory,
        ILogger<ImagePuller> logger,
        TimeProvider? time = null,
        IPullMetrics? metrics = null)
    {
        _client = client;
        _layers = layers;
        _images = images;
        _settings = settings;
        _downloadDirectory = downloadDirectory;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _metrics = metrics ?? NoPullMetrics.Instance;
        CleanDownloads();
    }

    /// <summary>Pulls <paramref name="image"/> (a short or fully qualified reference) and returns the stored image.</summary>
    /// <exception cref="ImagePullException">The pull failed; nothing partial is left in the stores.</exception>
    public Task<PulledImage> PullAsync(string image, CriAuthConfig? auth, CancellationToken cancellationToken)
    {
        ImageReference reference;
        try
        {
            reference = ImageReference.Parse(image);
        }
        catch (ImageReferenceException e)
        {
            _metrics.PullFailed(ImagePullFailure.InvalidReference);
            throw new ImagePullException(ImagePullFailure.InvalidReference, e.Message, e);
        }

        var key = reference.ToString();
        Task<PulledImage> pull;
        lock (_gate)
        {
            if (!_inFlight.TryGetValue(key, out pull!))
            {
                // The shared pull is not tied to one caller's cancellation: a kubelet retry joins it.
                pull = Task.Run(() => CountedPullAsync(reference, auth), CancellationToken.None);
                _inFlight[key] = pull;
                _ = pull.ContinueWith(_ => Forget(key, pull), TaskScheduler.Default);
            }
        }

        return pull.WaitAsync(cancellationToken);
    }

    private void Forget(string key, Task<PulledImage> pull)
    {
        lock (_gate)
        {
            if (_inFlight.TryGetValue(key, out var current) && current == pull)
            {
                _inFlight.Remove(key);
            }
        }
    }

    private async Task<PulledImage> CountedPullAsync(ImageReference reference, CriAuthConfig? auth)
    {
        try
        {
            var pulled = await PullOnceAsync(reference, auth).ConfigureAwait(false);
            _metrics.PullSucceeded();
            return pulled;
        }
        catch (ImagePullException e)
        {
            _metrics.PullFailed(e.Failure);
            throw;
        }
    }

    private async Task<PulledImage> PullOnceAsync(ImageReference reference, CriAuthConfig? auth)
    {
        PullSettings settings;
        PullPlan plan;
        try
        {
            settings = _settings();
            plan = settings.Resolver.Resolve(reference);
        }
        catch (PullResolutionException e)
        {
            var failure = e.Failure == PullResolutionFailure.InvalidReference ? ImagePullFailure.InvalidReference : ImagePullFailure.NotAllowed;
            throw new ImagePullException(failure, e.Message, e);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException
            or Policy.SignaturePolicyException or RegistriesConfigException or CredentialsException)
        {
            throw new ImagePullException(ImagePullFailure.NotAllowed, $"cannot pull {reference}: {e.Message}", e);
        }

        var attempts = new List<(PullSource Source, Exception Error)>();
        foreach (var source in plan.Sources)
        {
            var decision = settings.Policy.Evaluate(source.LogicalReference);
            if (!decision.Allowed)
            {
                throw new ImagePullException(ImagePullFailure.NotAllowed, decision.Message);
            }

            var credential = settings.Credentials.Resolve(source, auth);
            ResolvedManifest manifest;
            try
            {
                manifest = await _client.ResolveAsync(source, credential, Platform.Host, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RegistryException or HttpRequestException or IOException or TimeoutException or OperationCanceledException)
            {
                LogSourceFailed(_logger, source.ToString(), e.Message);
                attempts.Add((source, e));
                continue;
            }

            return await PullFromAsync(source, credential, manifest).ConfigureAwait(false);
        }

        throw Failed(reference, plan, attempts);
    }

    private static ImagePullException Failed(ImageReference reference, PullPlan plan, List<(PullSource Source, Exception Error)> attempts)
    {
        if (attempts.Count == 0)
        {
            return new ImagePullException(ImagePullFailure.NotFound, $"no registry to pull {reference} from ({plan.Description})");
        }

        var tried = string.Join("; ", attempts.Select(a => $"{a.Source.Reference} at {a.Source.Endpoint}: {a.Error.Message}"));
        var registryErrors = attempts.Select(a => a.Error as RegistryException).ToList();
        var failure = registryErrors.All(e => e is { IsNotFound: true }) ? ImagePullFailure.NotFound
            : registryErrors.Any(e => e?.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden) ? ImagePullFailure.Unauthorized
            : ImagePullFailure.Unavailable;
        var what = failure == ImagePullFailure.NotFound ? "not found" : "could not be pulled";
        return new ImagePullException(failure, $"image {reference} {what}; tried {tried}");
    }

    private async Task<PulledImage> PullFromAsync(PullSource source, RegistryCredential? credential, ResolvedManifest manifest)
    {
        var logical = source.LogicalReference;
        try
        {
            var config = await _client.GetBlobBytesAsync(source, credential, manifest.Config, MaxConfigBytes, CancellationToken.None).ConfigureAwait(false);
            var diffIds = ReadDiffIds(config);
            if (diffIds.Count != manifest.Layers.Count)
            {
                throw new ImagePullException(ImagePullFailure.BadContent,
                    $"image {logical} is malformed: its config lists {diffIds.Count} layers but its manifest {manifest.Layers.Count}");
            }

            var chainIds = LayerDigests.ChainIds(diffIds);
            Hold(chainIds);
            try
            {
                await EnsureLayersAsync(source, credential, manifest, diffIds, chainIds).ConfigureAwait(false);
            }
            catch
            {
                Release(chainIds, removeOrphans: true);
                throw;
            }

            var size = chainIds.Sum(id => _layers.Get(id)?.UncompressedSize ?? 0);
            var image = new StoredImage(
                LayerDigests.Hex(manifest.Config.Digest),
                logical.Tag is null || logical.HasDigest ? [] : [logical.Name + ":" + logical.Tag],
                [logical.Name + "@" + manifest.ReferenceDigest],
                chainIds,
                manifest.ManifestDigest,
                size,
                _time.GetUtcNow());
            StoredImage stored;
            try
            {
                stored = _images.Add(image, config, manifest.ManifestBytes);
            }
            finally
            {
                Release(chainIds, removeOrphans: false);
            }

            LogPulled(_logger, logical.ToString(), stored.Id, source.Endpoint);
            return new PulledImage(stored, image.RepoDigests[0]);
        }
        catch (Exception e) when (e is RegistryException or HttpRequestException or IOException or TimeoutException or OperationCanceledException)
        {
            throw new ImagePullException(ImagePullFailure.Unavailable, $"pulling {logical} from {source.Endpoint} failed: {e.Message}", e);
        }
        catch (Exception e) when (e is LayerDigestMismatchException or LayerFormatException or InvalidDataException or JsonException)
        {
            throw new ImagePullException(ImagePullFailure.BadContent, $"image {logical} from {source.Endpoint} is not valid: {e.Message}", e);
        }
    }

    /// <summary>Marks layers as wanted by a pull in progress, so a failing pull beside it does not remove them.</summary>
    private void Hold(IReadOnlyList<string> chainIds)
    {
        lock (_gate)
        {
            foreach (var id in chainIds)
            {
                _layersBeingPulled[id] = _layersBeingPulled.GetValueOrDefault(id) + 1;
            }
        }
    }

    /// <summary>
    /// Ends a pull's hold on its layers. After a failed pull, the layers that no image and no other pull
    /// uses are removed (top first), so a failed pull leaves nothing behind.
    /// </summary>
    private void Release(IReadOnlyList<string> chainIds, bool removeOrphans)
    {
        lock (_gate)
        {
            foreach (var id in chainIds)
            {
                if (--_layersBeingPulled[id] == 0)
                {
                    _layersBeingPulled.Remove(id);
                }
            }

            if (!removeOrphans)
            {
                return;
            }

            var used = _images.List().SelectMany(i => i.Layers).ToHashSet(StringComparer.Ordinal);
            for (var i = chainIds.Count - 1; i >= 0; i--)
            {
                var id = chainIds[i];
                if (used.Contains(id) || _layersBeingPulled.ContainsKey(id) || _layers.Get(id) is null)
                {
                    continue;
                }

                try
                {
                    _layers.Remove(id);
                }
                catch (LayerInUseException)
                {
                    // A child from another image chain sits on it: it stays.
                }
            }
        }
    }

    /// <summary>Downloads every missing layer (in parallel, bounded by the client) and unpacks them bottom up.</summary>
    private async Task EnsureLayersAsync(
        PullSource source, RegistryCredential? credential, ResolvedManifest manifest, IReadOnlyList<string> diffIds, IReadOnlyList<string> chainIds)
    {
        var directory = Path.Combine(_downloadDirectory, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
        Directory.CreateDirectory(directory);
        using var abandon = new CancellationTokenSource();
        var downloads = new Task<string>?[chainIds.Count];
        try
        {
            for (var i = 0; i < chainIds.Count; i++)
            {
                if (_layers.Get(chainIds[i]) is null)
                {
                    downloads[i] = _client.DownloadBlobAsync(source, credential, manifest.Layers[i], directory, progress: null, abandon.Token);
                }
                else
                {
                    LogLayerReused(_logger, chainIds[i]);
                    _metrics.LayerReused(chainIds[i], manifest.Layers[i].Size);
                }
            }

            for (var i = 0; i < chainIds.Count; i++)
            {
                if (downloads[i] is not { } download)
                {
                    continue;
                }

                var path = await download.ConfigureAwait(false);
                _metrics.LayerPulled(manifest.Layers[i].MediaType, new FileInfo(path).Length);
                var blob = new LayerBlob(_ => Task.FromResult<Stream>(File.OpenRead(path)))
                {
                    DiffId = diffIds[i],
                    CompressedDigest = manifest.Layers[i].Digest,
                };
                await _layers.GetOrCreateAsync(i == 0 ? null : chainIds[i - 1], blob, CancellationToken.None).ConfigureAwait(false);
                File.Delete(path);
            }
        }
        finally
        {
            await abandon.CancelAsync().ConfigureAwait(false);
            foreach (var download in downloads.OfType<Task<string>>())
            {
                try
                {
                    await download.ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // Its failure (or the cancellation we caused) is already reported, or beside the point.
                }
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The <c>rootfs.diff_ids</c> of an image config.</summary>
    internal static IReadOnlyList<string> ReadDiffIds(byte[] config)
    {
        using var document = JsonDocument.Parse(config);
        if (!document.RootElement.TryGetProperty("rootfs", out var rootfs)
            || !rootfs.TryGetProperty("diff_ids", out var ids)
            || ids.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException("the image config has no rootfs.diff_ids");
        }

        var result = new List<string>();
        foreach (var id in ids.EnumerateArray())
        {
            var digest = id.GetString() ?? throw new InvalidDataException("a diff_id is not a string");
            try
            {
                LayerDigests.Validate(digest);
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"bad diff_id in the image config: {e.Message}", e);
            }

            result.Add(digest);
        }

        return result;
    }

    private void CleanDownloads()
    {
        if (Directory.Exists(_downloadDirectory))
        {
            Directory.Delete(_downloadDirectory, recursive: true);
        }

        Directory.CreateDirectory(_downloadDirectory);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pulled image {Image} ({Id}) from {Endpoint}")]
    private static partial void LogPulled(ILogger logger, string image, string id, string endpoint);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Layer {ChainId} is already in the store")]
    private static partial void LogLayerReused(ILogger logger, string chainId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pull source {Source} failed: {Reason}")]
    private static partial void LogSourceFailed(ILogger logger, string source, string reason);
}
