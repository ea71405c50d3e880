using System.Diagnostics;
using System.Net;
using System.Text;
using Crisp.Images.Registry;
using Microsoft.AspNetCore.Http;
using Shouldly;

namespace Crisp.Images.Tests.Registry;

/// <summary>What a real registry will not do: wrong content, oversized manifests, stalls, errors, redirects, TLS.</summary>
public sealed class RegistryClientFailureTests
{
    private static Platform Amd64 => new("linux", "amd64");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ResolveAsync_ByDigestButContentDiffers_FailsWithDigestMismatch()
    {
        await using var registry = await FakeRegistry.StartAsync();
        var image = TestImage.Create();
        var other = TestImage.Create();
        registry.AddImage("library/app", image, null);
        registry.Intercept = async context =>
        {
            if (context.Request.Path == $"/v2/library/app/manifests/{image.Digest}")
            {
                context.Response.ContentType = MediaTypes.DockerManifest;
                context.Response.Headers["Docker-Content-Digest"] = image.Digest;
                await context.Response.Body.WriteAsync(other.Manifest);
                return true;
            }

            return false;
        };
        using var client = new RegistryClient();

        var error = await Should.ThrowAsync<RegistryException>(() => client.ResolveAsync(registry.Source("library/app@" + image.Digest), null, Amd64, Ct));

        error.ErrorCode.ShouldBe(RegistryErrorCodes.DigestMismatch);
        error.Message.ShouldContain(other.Digest);
        error.Message.ShouldContain($"{registry.Endpoint}/library/app@{image.Digest}");
    }

    [Fact]
    public async Task ResolveAsync_IndexEntryContentDiffers_FailsWithDigestMismatch()
    {
        await using var registry = await FakeRegistry.StartAsync();
        var image = TestImage.Create();
        var index = TestImage.IndexJson(MediaTypes.OciIndex, [image]);
        registry.AddManifest("library/app", "1", MediaTypes.OciIndex, index);
        registry.AddManifest("library/app", null, MediaTypes.DockerManifest, image.Manifest);
        registry.Intercept = async context =>
        {
            if (context.Request.Path == $"/v2/library/app/manifests/{image.Digest}")
            {
                context.Response.ContentType = MediaTypes.DockerManifest;
                await context.Response.Body.WriteAsync(TestImage.Create().Manifest);
                return true;
            }

            return false;
        };
        using var client = new RegistryClient();

        var error = await Should.ThrowAsync<RegistryException>(() => client.ResolveAsync(registry.Source("library/app:1"), null, Amd64, Ct));

        error.ErrorCode.ShouldBe(RegistryErrorCodes.DigestMismatch);
        error.Message.ShouldContain(image.Digest);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ResolveAsync_ManifestOverLimit_IsRefused(bool withContentLength)
    {
        await using var registry = await FakeRegistry.StartAsync();
        var huge = new byte[(4 * 1024 * 1024) + 1];
        huge.AsSpan().Fill((byte)' ');
        huge[0] = (byte)'{';
        huge[^1] = (byte)'}';
        registry.Intercept = async context =>
        {
            if (context.Request.Path == "/v2/library/big/manifests/1")
            {
                context.Response.ContentType = MediaTypes.DockerManifest;
                if (withContentLength)
                {
                    context.Response.ContentLength = huge.Length;
                }

                await context.Response.Body.WriteAsync(huge, context.RequestAborted);
                return true;
            }

            return false;
        };
        using var client = new RegistryClient();

        var error = await Should.ThrowAsync<RegistryException>(() => client.ResolveAsync(registry.Source("library/big:1"), null, Amd64, Ct));

        error.Message.ShouldContain("is too big");
        error.Message.ShouldContain("the limit is 4194304");
        error.ErrorCode.ShouldBe(RegistryErrorCodes.Unsupported);
    }

    [Fact]
    public async Task ResolveAsync_Schema1Manifest_IsClearlyUnsupported()
    {
        await using var registry = await FakeRegistry.StartAsync();
        registry.AddManifest("library/old", "1", MediaTypes.DockerSchema1SignedManifest,
            Encoding.UTF8.GetBytes("""{"schemaVersion":1,"name":"library/old","tag":"1","architecture":"amd64","fsLayers":[],"history":[]}"""));
        using var client = new RegistryClient();

        var error = await Should.ThrowAsync<RegistryException>(() => client.ResolveAsync(registry.Source("library/old:1"), null, Amd64, Ct));

        error.ErrorCode.ShouldBe(RegistryErrorCodes.Unsupported);
        error.Message.ShouldContain("schema 1");
        error.Message.ShouldContain("not supported");
    }

    [Fact]
    public async Task ResolveAsync_UnsupportedLayerOrConfigMediaType_FailsClearly()
    {
        await using var registry = await FakeRegistry.StartAsync();
        var layer = TestBlob.Random(10, "application/vnd.example.weird");
        var config = TestBlob.Create("{}"u8.ToArray(), MediaTypes.OciConfig);
        registry.AddManifest("library/weird", "1", MediaTypes.OciManifest, TestImage.ManifestJson(MediaTypes.OciManifest, config.Descriptor, [layer.Descriptor]));
        var artifactConfig = TestBlob.Create("{}"u8.ToArray(), "application/vnd.cncf.helm.config.v1+json");
        registry.AddManifest("library/chart", "1", MediaTypes.OciManifest, TestImage.ManifestJson(MediaTypes.OciManifest, artifactConfig.Descriptor, []));
        using var client = new RegistryClient();

        var weird = await Should.ThrowAsync<RegistryException>(() => client.ResolveAsync(registry.Source("library/weird:1"), null, Amd64, Ct));
        var chart = await Should.ThrowAsync<RegistryException>(() => client.ResolveAsync(registry.Source("library/chart:1"), null, Amd64, Ct));

        weird.Message.ShouldContain("\"application/vnd.example.weird\"");
        chart.Message.ShouldContain("\"application/vnd.cncf.helm.config.v1+json\" is not a container image configuration");
    }

    [Fact]
    public async Task DownloadBlobAsync_ContentDiffersFromDigest_FailsAndLeavesNoFile()
    {
        await using var registry = await FakeRegistry.StartAsync();
        var blob = TestBlob.Random(50_000);
        registry.AddBlob(blob with { Data = RandomBytesOfSameSize(blob) });
        using var client = new RegistryClient();
        using var dir = new TempDirectory();

        var error = await Should.ThrowAsync<RegistryException>(() =>
            client.DownloadBlobAsync(registry.Source("library/app:1"), null, blob.Descriptor, dir.Path, null, Ct));

        error.ErrorCode.ShouldBe(RegistryErrorCodes.DigestMismatch);
        error.Message.ShouldContain($"blob digest mismatch for {registry.Endpoint}/library/app@{blob.Descriptor.Digest}");
        Directory.EnumerateFileSystemEntries(dir.Path).ShouldBeEmpty();
    }

    [Fact]
    public async Task GetBlobBytesAsync_ContentDiffersFromDigest_Fails()
    {
        await using var registry = await FakeRegistry.StartAsync();
        var blob = TestBlob.Create("{\"a\":1}"u8.ToArray(), MediaTypes.OciConfig);
        registry.AddBlob(blob with { Data = "{\"a\":2}"u8.ToArray() });
        using var client = new RegistryClient();

        var error = await Should.ThrowAsync<RegistryException>(() => client.GetBlobBytesAsync(registry.Source("library/app:1"), null, blob.Descriptor, 1000, Ct));

        error.ErrorCode.ShouldBe(RegistryErrorCodes.DigestMismatch);
    }

    [Fact]
    public async Task DownloadBlobAsync_ConnectionDropsMidBody_FailsAndLeavesNoFile()
    {
        await using var registry = await FakeRegistry.StartAsync();
        var blob = TestBlob.Random(200_000);
        registry.Intercept = async context =>
        {
            if (context.Request.Path.Value!.Contains("/blobs/", StringComparison.Ordinal))
            {
                context.Response.ContentLength = blob.Data.Length;
                await context.Response.Body.WriteAsync(blob.Data.AsMemory(0, 100_000));
                await context.Response.Body.FlushAsync();
                context.Abort();
                return true;
            }

            return false;
        };
        using var client = new RegistryClient();
        using var dir = new TempDirectory();

        var error = await Should.ThrowAsync<RegistryException>(() =>
            client.DownloadBlobAsync(registry.Source("library/app:1"), null, blob.Descriptor, dir.Path, null, Ct));

        error.ErrorCode.ShouldBe(RegistryErrorCodes.Unreachable);
        error.Message.ShouldContain($"downloading blob {registry.Endpoint}/library/app@{blob.Descriptor.Digest}");
        Directory.EnumerateFileSystemEntries(dir.Path).ShouldBeEmpty();
    }

    [Fact]
    public async Task DownloadBlobAsync_BodyEndsEarlyWithoutLength_FailsAsTruncated()
    {
        await using var registry = await FakeRegistry.StartAsync();
        var blob = TestBlob.Random(200_000);
        registry.Intercept = async context =>
        {
            if (context.Request.Path.Value!.Contains("/blobs/", StringComparison.Ordinal))
            {
                await context.Response.Body.WriteAsync(blob.Data.AsMemory(0, 150_000));
                return true;
            }

            return false;
        };
        using var client = new RegistryClient();
        using var dir = new TempDirectory();

        var error = await Should.ThrowAsync<RegistryException>(() =>
            client.DownloadBlobAsync(registry.Source("library/app:1"), null, blob.Descriptor, dir.Path, null, Ct));

        error.Message.ShouldContain("is truncated: got 150000 of 200000 bytes");
        Directory.EnumerateFileSystemEntries(dir.Path).ShouldBeEmpty();
    }

    [Fact]
    public async Task DownloadBlobAsync_ContentLengthDiffersFromDescriptor_FailsBeforeReading()
    {
        await using var registry = await FakeRegistry.StartAsync();
        var blob = TestBlob.Random(1000);
        registry.AddBlob(blob with { Data = new byte[999] });
        using var client = new RegistryClient();
        using var dir = new TempDirectory();

        var error = await Should.ThrowAsync<RegistryException>(() =>
            client.DownloadBlobAsync(registry.Source("library/app:1"), null, blob.Descriptor, dir.Path, null, Ct));

        error.Message.ShouldContain("the registry sends 999 bytes, the manifest says 1000");
        Directory.EnumerateFileSystemEntries(dir.Path).ShouldBeEmpty();
    }

    [Fact]
    public async Task DownloadBlobAsync_ServerNeverAnswers_TimesOutWithinTheProgressTimeout()
    {
        await using var registry = await FakeRegistry.StartAsync();
        var blob = TestBlob.Random(1000);
        registry.Intercept = async context =>
        {
            if (context.Request.Path.Value!.Contains("/blobs/", StringComparison.Ordinal))
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return true;
            }

            return false;
        };
        using var client = new RegistryClient(new RegistryClientOptions { PullProgressTimeout = TimeSpan.FromSeconds(1) });
        using var dir = new TempDirectory();
        var source = registry.Source("library/app:1");
        await client.ResolveAsync(source, null, Amd64, Ct).ContinueWith(_ => { }, TaskScheduler.Default); // ping first

        var clock = Stopwatch.StartNew();
        var error = await Should.ThrowAsync<RegistryException>(() => client.DownloadBlobAsync(source, null, blob.Descriptor, dir.Path, null, Ct));

        clock.Elapsed.ShouldBeInRange(TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
        error.ErrorCode.ShouldBe(RegistryErrorCodes.Timeout);
        error.Message.ShouldContain("timed out: nothing received for 1s");
        Directory.EnumerateFileSystemEntries(dir.Path).ShouldBeEmpty();
    }

    [Fact]
    public async Task DownloadBlobAsync_ServerStallsMidBody_TimesOutWithinTheProgressTimeout()
    {
        await using var registry = await FakeRegistry.StartAsync();
        var blob = TestBlob.Random(300_000);
        registry.Intercept = async context =>
        {
            if (context.Request.Path.Value!.Contains("/blobs/", StringComparison.Ordinal))
            {
                context.Response.ContentLength = blob.Data.Length;
                await context.Response.Body.WriteAsync(blob.Data.AsMemory(0, 100_000));
                await context.Response.Body.FlushAsync();
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return true;
            }

            return false;
        };
        using var client = new RegistryClient(new RegistryClientOptions { PullProgressTimeout = TimeSpan.FromMilliseconds(800) });
        using var dir = new TempDirectory();
        var received = 0L;

        var clock = Stopwatch.StartNew();
        var error = await Should.ThrowAsync<RegistryException>(() =>
            client.DownloadBlobAsync(registry.Source("library/app:1"), null, blob.Descriptor, dir.Path, new SyncProgress(n => received += n), Ct));

        clock.Elapsed.ShouldBeInRange(TimeSpan.FromSeconds(0.7), TimeSpan.FromSeconds(5));
        error.ErrorCode.ShouldBe(RegistryErrorCodes.Timeout);
        error.Message.ShouldContain("nothing received for 800ms");
        received.ShouldBe(100_000);
        Directory.EnumerateFileSystemEntries(dir.Path).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(400)]
    public async Task DownloadBlobAsync_SlowButSteadyBody_OutlivesTheRequestTimeout(int progressTimeoutMs)
    {
        await using var registry = await FakeRegistry.StartAsync();
        var blob = TestBlob.Random(10 * 4096);
        registry.Intercept = async context =>
        {
            if (context.Request.Path.Value!.Contains("/blobs/", StringComparison.Ordinal))
            {
                context.Response.ContentLength = blob.Data.Length;
                for (var offset = 0; offset < blob.Data.Length; offset += 4096)
                {
                    await context.Response.Body.WriteAsync(blob.Data.AsMemory(offset, 4096));
                    await context.Response.Body.FlushAsync();
                    await Task.Delay(100);
                }

                return true;
            }

            return false;
        };
        using var client = new RegistryClient(new RegistryClientOptions
        {
            RequestTimeout = TimeSpan.FromMilliseconds(300),
            PullProgressTimeout = TimeSpan.FromMilliseconds(progressTimeoutMs),
        });
        using var dir = new TempDirectory();

        var path = await client.DownloadBlobAsync(registry.Source("library/app:1"), null, blob.Descriptor, dir.Path, null, Ct);

        (await File.ReadAllBytesAsync(path, Ct)).ShouldBe(blob.Data);
    }

    [Fact]
    public async Task ResolveAsync_ManifestRequestHangs_TimesOutAfterRequestTimeout()
    {
        await using var registry = await FakeRegistry.StartAsync();
        registry.Intercept = async context =>
        {
            if (context.Request.Path.Value!.Contains("/manifests/", StringComparison.Ordinal))
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return true;
            }

            return false;
        };
        using var client = new RegistryClient(new RegistryClientOptions { RequestTimeout = TimeSpan.FromMilliseconds(700) });

        var clock = Stopwatch.StartNew();
        var error = await Should.ThrowAsync<RegistryException>(() => client.ResolveAsync(registry.Source("library/app:1"), null, Amd64, Ct));

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        error.ErrorCode.ShouldBe(RegistryErrorCodes.Timeout);
        error.Message.ShouldStartWith($"fetching the manifest of {registry.Endpoint}/library/app:1 timed out");
    }

    [Fact]
    public async Task ResolveAsync_TooManyRequests_CarriesCodeStatusAndMessage()
    {
        await using var registry = await FakeRegistry.StartAsync();
        registry.Intercept = async context =>
        {
            if (context.Request.Path.Value!.Contains("/manifests/", StringComparison.Ordinal))
            {
                context.Response.Headers.RetryAfter = "30";
                await FakeRegistry.WriteErrorAsync(context, 429, "TOOMANYREQUESTS", "You have reached your pull rate limit.");
                return true;
            }

            return false;
        };
        using var client = new RegistryClient();

        var error = await Should.ThrowAsync<RegistryException>(() => client.ResolveAsync(registry.Source("library/app:1"), null, Amd64, Ct));

        error.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        error.ErrorCode.ShouldBe(RegistryErrorCodes.TooManyRequests);
        error.IsNotFound.ShouldBeFalse();
        error.Message.ShouldBe($"too many requests to registry {registry.Endpoint}: You have reached your pull rate limit. (retry after 30s): {registry.Endpoint}/library/app:1");
    }

    [Fact]
    public async Task ResolveAsync_ServerErrorWithoutJson_ReportsTheStatus()
    {
        await using var registry = await FakeRegistry.StartAsync();
        registry.Intercept = async context =>
        {
            if (context.Request.Path.Value!.Contains("/manifests/", StringComparison.Ordinal))
            {
                context.Response.StatusCode = 500;
                await context.Response.WriteAsync("<html>oops</html>");
                return true;
            }

            return false;
        };
        using var client = new RegistryClient();

        var error = await Should.ThrowAsync<RegistryException>(() => client.ResolveAsync(registry.Source("library/app:1"), null, Amd64, Ct));

        error.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        error.ErrorCode.ShouldBeNull();
        error.Message.ShouldBe($"unexpected HTTP status 500 Internal Server Error: {registry.Endpoint}/library/app:1");
    }

    [Fact]
    public async Task DownloadBlobAsync_RedirectToAnotherHost_FollowsWithoutAuthorization()
    {
        var blob = TestBlob.Random(100_000);
        var seenAuthorization = new List<string?>();
        await using var storage = await FakeServer.StartAsync(async context =>
        {
            lock (seenAuthorization)
            {
                seenAuthorization.Add(context.Request.Headers.Authorization.ToString());
            }

            context.Request.Query["sig"].ToString().ShouldBe("s3cr3t");
            context.Response.ContentLength = blob.Data.Length;
            await context.Response.Body.WriteAsync(blob.Data);
        }, host: "127.0.0.2");
        await using var registry = await FakeRegistry.StartAsync(FakeAuth.Bearer);
        var sameHostRedirects = 0;
        registry.Intercept = context =>
        {
            var path = context.Request.Path.Value!;
            if (path.StartsWith("/v2/library/app/blobs/", StringComparison.Ordinal) || path == "/internal/blob")
            {
                // Two hops on the registry itself (a relative Location, Authorization kept), then one to another host.
                Interlocked.Increment(ref sameHostRedirects);
                context.Request.Headers.Authorization.ToString().ShouldStartWith("Bearer ");
                context.Response.StatusCode = path == "/internal/blob" ? 307 : 302;
                context.Response.Headers.Location = path == "/internal/blob"
                    ? $"{storage.BaseUri}blobs/{blob.Descriptor.Digest}?sig=s3cr3t"
                    : "/internal/blob";
                return Task.FromResult(true);
            }

            return Task.FromResult(false);
        };
        using var client = new RegistryClient();
        using var dir = new TempDirectory();

        var path = await client.DownloadBlobAsync(registry.Source("library/app:1"), null, blob.Descriptor, dir.Path, null, Ct);

        (await File.ReadAllBytesAsync(path, Ct)).ShouldBe(blob.Data);
        sameHostRedirects.ShouldBe(2);
        seenAuthorization.ShouldBe([""]);
        registry.TokenRequests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task DownloadBlobAsync_RedirectLoop_FailsAfterTenHops()
    {
        await using var registry = await FakeRegistry.StartAsync();
        var hops = 0;
        registry.Intercept = context =>
        {
            Interlocked.Increment(ref hops);
            if (context.Request.Path.Value!.Contains("/blobs/", StringComparison.Ordinal))
            {
                context.Response.StatusCode = 302;
                context.Response.Headers.Location = context.Request.Path.Value;
                return Task.FromResult(true);
            }

            return Task.FromResult(false);
        };
        using var client = new RegistryClient();
        using var dir = new TempDirectory();
        var blob = TestBlob.Random(10);

        var error = await Should.ThrowAsync<RegistryException>(() => client.DownloadBlobAsync(registry.Source("library/app:1"), null, blob.Descriptor, dir.Path, null, Ct));

        error.Message.ShouldContain("too many redirects");
        Directory.EnumerateFileSystemEntries(dir.Path).ShouldBeEmpty();
    }

    [Fact]
    public async Task DownloadBlobAsync_ForeignLayerTheRegistryLacks_ComesFromItsUrl()
    {
        var blob = TestBlob.Random(5000, MediaTypes.DockerForeignLayerGzip);
        string? authorization = null;
        await using var cdn = await FakeServer.StartAsync(async context =>
        {
            authorization = context.Request.Headers.Authorization.ToString();
            await context.Response.Body.WriteAsync(blob.Data);
        });
        await using var registry = await FakeRegistry.StartAsync(FakeAuth.Bearer);
        using var client = new RegistryClient();
        using var dir = new TempDirectory();
        var foreign = blob.Descriptor with { Urls = [$"{cdn.BaseUri}layer.tar.gz"] };

        var path = await client.DownloadBlobAsync(registry.Source("library/app:1"), null, foreign, dir.Path, null, Ct);

        (await File.ReadAllBytesAsync(path, Ct)).ShouldBe(blob.Data);
        authorization.ShouldBe("");
    }

    [Fact]
    public async Task DownloadBlobAsync_MissingBlob_IsNotFound()
    {
        await using var registry = await FakeRegistry.StartAsync();
        using var client = new RegistryClient();
        using var dir = new TempDirectory();
        var blob = TestBlob.Random(10);

        var error = await Should.ThrowAsync<RegistryException>(() => client.DownloadBlobAsync(registry.Source("library/app:1"), null, blob.Descriptor, dir.Path, null, Ct));

        error.IsNotFound.ShouldBeTrue();
        error.ErrorCode.ShouldBe(RegistryErrorCodes.BlobUnknown);
        error.Message.ShouldBe($"blob unknown to registry: {registry.Endpoint}/library/app@{blob.Descriptor.Digest}");
    }

    [Fact]
    public async Task DownloadBlobAsync_ManyAtOnce_NeverExceedsMaxConcurrentDownloads()
    {
        await using var registry = await FakeRegistry.StartAsync();
        registry.BlobDelay = TimeSpan.FromMilliseconds(150);
        var blobs = Enumerable.Range(0, 8).Select(_ => TestBlob.Random(20_000)).ToList();
        blobs.ForEach(registry.AddBlob);
        using var client = new RegistryClient(new RegistryClientOptions { MaxConcurrentDownloads = 2 });
        using var dir = new TempDirectory();
        var source = registry.Source("library/app:1");

        var paths = await Task.WhenAll(blobs.Select(b => client.DownloadBlobAsync(source, null, b.Descriptor, dir.Path, null, Ct)));

        registry.MaxBlobsInFlight.ShouldBe(2);
        paths.Distinct().Count().ShouldBe(8);
    }

    [Fact]
    public async Task DownloadBlobAsync_CallerCancels_ThrowsOperationCanceledAndLeavesNoFile()
    {
        await using var registry = await FakeRegistry.StartAsync();
        var blob = TestBlob.Random(300_000);
        registry.Intercept = async context =>
        {
            if (context.Request.Path.Value!.Contains("/blobs/", StringComparison.Ordinal))
            {
                context.Response.ContentLength = blob.Data.Length;
                await context.Response.Body.WriteAsync(blob.Data.AsMemory(0, 1000));
                await context.Response.Body.FlushAsync();
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return true;
            }

            return false;
        };
        using var client = new RegistryClient();
        using var dir = new TempDirectory();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var download = client.DownloadBlobAsync(registry.Source("library/app:1"), null, blob.Descriptor, dir.Path, new SyncProgress(_ => cancel.Cancel()), cancel.Token);

        await Should.ThrowAsync<OperationCanceledException>(() => download);

        Directory.EnumerateFileSystemEntries(dir.Path).ShouldBeEmpty();
    }

    [Fact]
    public async Task ResolveAsync_InsecureTlsRegistry_SkipsVerificationWhileSecureSourceRejectsTheCertificate()
    {
        using var certificate = FakeServer.SelfSignedCertificate();
        var image = TestImage.Create(layers: 1);
        var manifests = 0;
        await using var server = await FakeServer.StartAsync(async context =>
        {
            context.Request.Scheme.ShouldBe("https");
            if (context.Request.Path == "/v2/")
            {
                await context.Response.WriteAsync("{}");
                return;
            }

            Interlocked.Increment(ref manifests);
            context.Response.ContentType = image.MediaType;
            await context.Response.Body.WriteAsync(image.Manifest);
        }, certificate: certificate);
        using var client = new RegistryClient();

        var resolved = await client.ResolveAsync(FakeRegistry.SourceFor(server.Endpoint, "library/tls:1", insecure: true), null, Amd64, Ct);
        var error = await Should.ThrowAsync<RegistryException>(() =>
            client.ResolveAsync(FakeRegistry.SourceFor(server.Endpoint, "library/tls:1", insecure: false), null, Amd64, Ct));

        resolved.ManifestDigest.ShouldBe(image.Digest);
        manifests.ShouldBe(1);
        error.ErrorCode.ShouldBe(RegistryErrorCodes.Unreachable);
        error.Message.ShouldContain("SSL");
    }

    private static byte[] RandomBytesOfSameSize(TestBlob blob) => TestBlob.Random(blob.Data.Length).Data;

    /// <summary>Reports synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
