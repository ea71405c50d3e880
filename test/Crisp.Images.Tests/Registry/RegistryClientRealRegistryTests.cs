using System.Net;
using Crisp.Images.Credentials;
using Crisp.Images.Registry;
using Shouldly;

namespace Crisp.Images.Tests.Registry;

/// <summary>The registry client against a real distribution registry (docker-registry 2.8) over plain http.</summary>
public sealed class RegistryClientRealRegistryTests : IClassFixture<DistributionRegistry>
{
    private static Platform Amd64 => new("linux", "amd64");
    private static Platform Arm64 => new("linux", "arm64", "v8");

    private readonly DistributionRegistry _registry;

    public RegistryClientRealRegistryTests(DistributionRegistry registry)
    {
        _registry = registry;
        registry.SkipIfUnavailable();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ResolveAsync_DockerManifestByTag_ReturnsManifestWithItsDigest()
    {
        var image = TestImage.Create();
        using (var pusher = _registry.Pusher())
        {
            await pusher.PushImageAsync("library/tagged", image, "1.0");
        }

        using var client = new RegistryClient();
        var resolved = await client.ResolveAsync(FakeRegistry.SourceFor(_registry.Endpoint, "library/tagged:1.0", insecure: true), null, Amd64, Ct);

        resolved.ReferenceDigest.ShouldBe(image.Digest);
        resolved.ManifestDigest.ShouldBe(image.Digest);
        resolved.ManifestMediaType.ShouldBe(MediaTypes.DockerManifest);
        resolved.ManifestBytes.ShouldBe(image.Manifest);
        resolved.Config.ShouldBe(image.Config.Descriptor);
        resolved.Layers.Select(l => (l.Digest, l.Size, l.MediaType)).ShouldBe(image.Layers.Select(l => (l.Descriptor.Digest, l.Descriptor.Size, l.Descriptor.MediaType)));
    }

    [Fact]
    public async Task ResolveAsync_OciManifestByDigest_VerifiesAndReturnsIt()
    {
        var image = TestImage.Create(oci: true);
        using (var pusher = _registry.Pusher())
        {
            await pusher.PushImageAsync("team/by-digest", image, tag: null);
        }

        using var client = new RegistryClient();
        var resolved = await client.ResolveAsync(FakeRegistry.SourceFor(_registry.Endpoint, "team/by-digest@" + image.Digest, insecure: true), null, Amd64, Ct);

        resolved.ReferenceDigest.ShouldBe(image.Digest);
        resolved.ManifestDigest.ShouldBe(image.Digest);
        resolved.ManifestMediaType.ShouldBe(MediaTypes.OciManifest);
        resolved.Layers.Count.ShouldBe(2);
    }

    [Theory]
    [InlineData("amd64", null, 0)]
    [InlineData("arm64", "v8", 1)]
    [InlineData("arm", "v7", 2)]
    [InlineData("arm", "v6", 3)]
    public async Task ResolveAsync_OciIndex_PicksTheWantedPlatform(string arch, string? variant, int expected)
    {
        var images = new[]
        {
            TestImage.Create(Amd64, oci: true, layers: 1),
            TestImage.Create(new Platform("linux", "arm64", "v8"), oci: true, layers: 1),
            TestImage.Create(new Platform("linux", "arm", "v7"), oci: true, layers: 1),
            TestImage.Create(new Platform("linux", "arm", "v6"), oci: true, layers: 1),
        };
        var index = TestImage.IndexJson(MediaTypes.OciIndex, images);
        var repository = $"multi/oci-{arch}{variant}";
        using (var pusher = _registry.Pusher())
        {
            foreach (var image in images)
            {
                await pusher.PushImageAsync(repository, image, tag: null);
            }

            await pusher.PushManifestAsync(repository, "latest", MediaTypes.OciIndex, index);
        }

        using var client = new RegistryClient();
        var resolved = await client.ResolveAsync(
            FakeRegistry.SourceFor(_registry.Endpoint, repository, insecure: true), null, new Platform("linux", arch, variant), Ct);

        resolved.ReferenceDigest.ShouldBe(TestBlob.Digest(index));
        resolved.ManifestDigest.ShouldBe(images[expected].Digest);
        resolved.ManifestBytes.ShouldBe(images[expected].Manifest);
        resolved.Config.Digest.ShouldBe(images[expected].Config.Descriptor.Digest);
    }

    [Fact]
    public async Task ResolveAsync_DockerManifestList_MatchesArm64WithoutVariantAndFallsBackToLowerArm()
    {
        var arm64 = TestImage.Create(new Platform("linux", "arm64"), layers: 1);
        var armV6 = TestImage.Create(new Platform("linux", "arm", "v6"), layers: 1);
        var amd64 = TestImage.Create(Amd64, layers: 1);
        var list = TestImage.IndexJson(MediaTypes.DockerManifestList, [amd64, arm64, armV6]);
        using (var pusher = _registry.Pusher())
        {
            foreach (var image in new[] { amd64, arm64, armV6 })
            {
                await pusher.PushImageAsync("multi/docker", image, tag: null);
            }

            await pusher.PushManifestAsync("multi/docker", "v1", MediaTypes.DockerManifestList, list);
        }

        using var client = new RegistryClient();
        var source = FakeRegistry.SourceFor(_registry.Endpoint, "multi/docker:v1", insecure: true);

        (await client.ResolveAsync(source, null, Arm64, Ct)).ManifestDigest.ShouldBe(arm64.Digest);
        (await client.ResolveAsync(source, null, new Platform("linux", "arm", "v7"), Ct)).ManifestDigest.ShouldBe(armV6.Digest);
        var chosen = await client.ResolveAsync(source, null, Amd64, Ct);
        chosen.ManifestDigest.ShouldBe(amd64.Digest);
        chosen.ReferenceDigest.ShouldBe(TestBlob.Digest(list));
        chosen.ManifestMediaType.ShouldBe(MediaTypes.DockerManifest);

        var missing = await Should.ThrowAsync<RegistryException>(() => client.ResolveAsync(source, null, new Platform("linux", "s390x"), Ct));
        missing.ErrorCode.ShouldBe(RegistryErrorCodes.PlatformNotFound);
        missing.IsNotFound.ShouldBeFalse();
        missing.Message.ShouldContain("s390x");
        missing.Message.ShouldContain("linux/arm/v6");
    }

    [Fact]
    public async Task ResolveAsync_UnknownTag_IsNotFoundAndNamesTheImage()
    {
        using var client = new RegistryClient();

        var error = await Should.ThrowAsync<RegistryException>(() =>
            client.ResolveAsync(FakeRegistry.SourceFor(_registry.Endpoint, "library/nope:latest", insecure: true), null, Amd64, Ct));

        error.IsNotFound.ShouldBeTrue();
        error.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        error.ErrorCode.ShouldBeOneOf(RegistryErrorCodes.ManifestUnknown, RegistryErrorCodes.NameUnknown);
        error.Message.ShouldBe($"manifest unknown: {_registry.Endpoint}/library/nope:latest");
    }

    [Fact]
    public async Task GetBlobBytesAsync_Config_ReturnsVerifiedBytesAndRefusesOversize()
    {
        var image = TestImage.Create();
        using (var pusher = _registry.Pusher())
        {
            await pusher.PushImageAsync("library/config", image, "1");
        }

        using var client = new RegistryClient();
        var source = FakeRegistry.SourceFor(_registry.Endpoint, "library/config:1", insecure: true);
        var resolved = await client.ResolveAsync(source, null, Amd64, Ct);

        (await client.GetBlobBytesAsync(source, null, resolved.Config, 1024 * 1024, Ct)).ShouldBe(image.Config.Data);
        var tooBig = await Should.ThrowAsync<RegistryException>(() => client.GetBlobBytesAsync(source, null, resolved.Config, 10, Ct));
        tooBig.Message.ShouldContain("more than the 10 allowed");
    }

    [Fact]
    public async Task DownloadBlobAsync_Layers_WritesVerifiedFilesNamedByHexAndReportsProgress()
    {
        var image = TestImage.Create(layers: 3, layerSize: 300_000);
        using (var pusher = _registry.Pusher())
        {
            await pusher.PushImageAsync("library/layers", image, "1");
        }

        using var dir = new TempDirectory();
        using var client = new RegistryClient();
        var source = FakeRegistry.SourceFor(_registry.Endpoint, "library/layers:1", insecure: true);
        var resolved = await client.ResolveAsync(source, null, Amd64, Ct);
        var progress = new SumProgress();

        var paths = await Task.WhenAll(resolved.Layers.Select(l => client.DownloadBlobAsync(source, null, l, dir.Path, progress, Ct)));

        for (var i = 0; i < paths.Length; i++)
        {
            Path.GetFileName(paths[i]).ShouldBe(image.Layers[i].Descriptor.Digest["sha256:".Length..]);
            (await File.ReadAllBytesAsync(paths[i], Ct)).ShouldBe(image.Layers[i].Data);
        }

        Directory.GetFiles(dir.Path).Length.ShouldBe(3);
        progress.Total.ShouldBe(3 * 300_000);
    }

    [Fact]
    public async Task ResolveAsync_InsecureHttpOnlyRegistry_FallsBackToHttpButSecureSourceFails()
    {
        var image = TestImage.Create(layers: 1);
        using (var pusher = _registry.Pusher())
        {
            await pusher.PushImageAsync("library/insecure", image, "1");
        }

        using var client = new RegistryClient();

        var resolved = await client.ResolveAsync(FakeRegistry.SourceFor(_registry.Endpoint, "library/insecure:1", insecure: true), null, Amd64, Ct);
        resolved.ManifestDigest.ShouldBe(image.Digest);

        var error = await Should.ThrowAsync<RegistryException>(() =>
            client.ResolveAsync(FakeRegistry.SourceFor(_registry.Endpoint, "library/insecure:1", insecure: false), null, Amd64, Ct));
        error.ErrorCode.ShouldBe(RegistryErrorCodes.Unreachable);
        error.Message.ShouldContain($"pinging container registry {_registry.Endpoint} over https");
        error.IsNotFound.ShouldBeFalse();
    }

    private sealed class SumProgress : IProgress<long>
    {
        private long _total;

        public long Total => Interlocked.Read(ref _total);

        public void Report(long value) => Interlocked.Add(ref _total, value);
    }
}

/// <summary>The registry client against a real registry with htpasswd Basic auth.</summary>
public sealed class RegistryClientBasicAuthTests : IClassFixture<BasicAuthDistributionRegistry>
{
    private readonly BasicAuthDistributionRegistry _registry;

    public RegistryClientBasicAuthTests(BasicAuthDistributionRegistry registry)
    {
        _registry = registry;
        registry.SkipIfUnavailable();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ResolveAndDownload_WithBasicCredentials_Succeed()
    {
        var image = TestImage.Create(layers: 1);
        using (var pusher = _registry.Pusher())
        {
            await pusher.PushImageAsync("private/app", image, "1");
        }

        using var dir = new TempDirectory();
        using var client = new RegistryClient();
        var source = FakeRegistry.SourceFor(_registry.Endpoint, "private/app:1", insecure: true);
        var credential = RegistryCredential.Basic(DistributionRegistry.User, DistributionRegistry.Password, "test");

        var resolved = await client.ResolveAsync(source, credential, new Platform("linux", "amd64"), Ct);
        var path = await client.DownloadBlobAsync(source, credential, resolved.Layers[0], dir.Path, null, Ct);

        resolved.ManifestDigest.ShouldBe(image.Digest);
        (await File.ReadAllBytesAsync(path, Ct)).ShouldBe(image.Layers[0].Data);
    }

    [Fact]
    public async Task ResolveAsync_WithoutOrWithWrongCredentials_IsUnauthorizedNamingRegistryAndRepository()
    {
        using var client = new RegistryClient();
        var source = FakeRegistry.SourceFor(_registry.Endpoint, "private/app:1", insecure: true);

        var anonymous = await Should.ThrowAsync<RegistryException>(() => client.ResolveAsync(source, null, new Platform("linux", "amd64"), Ct));
        var wrong = await Should.ThrowAsync<RegistryException>(() =>
            client.ResolveAsync(source, RegistryCredential.Basic(DistributionRegistry.User, "wrong-password", "test"), new Platform("linux", "amd64"), Ct));

        foreach (var error in new[] { anonymous, wrong })
        {
            error.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            error.IsUnauthorized.ShouldBeTrue();
            error.IsNotFound.ShouldBeFalse();
            error.Message.ShouldStartWith($"unauthorized to pull private/app from registry {_registry.Endpoint}");
            error.Message.ShouldNotContain("wrong-password");
        }

        anonymous.Message.ShouldContain("no credentials were given");
        wrong.Message.ShouldContain("crisp-user");
    }
}
