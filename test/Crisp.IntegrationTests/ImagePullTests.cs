using Crisp.IntegrationTests.Harness;
using Crisp.IntegrationTests.Harness.Registry;
using Grpc.Core;
using Runtime.V1;
using Shouldly;

namespace Crisp.IntegrationTests;

/// <summary>PullImage and the rest of the ImageService against a real local registry and the real daemon.</summary>
public sealed class ImagePullTests(SharedRegistries registries)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A daemon whose registries.conf lists the test registry as insecure (plain HTTP), plus any extra TOML.</summary>
    internal static Task<CrispDaemon> StartDaemonAsync(TestRegistry registry, string extraRegistriesToml = "", Action<CrispDaemonFiles>? configure = null) =>
        CrispDaemon.StartAsync(files =>
        {
            File.WriteAllText(files.RegistriesConf, $"""
                {extraRegistriesToml}

                [[registry]]
                location = "{registry.Host}"
                insecure = true
                """);
            configure?.Invoke(files);
        });

    private static string Hex(string digest) => digest["sha256:".Length..];

    [Fact]
    public async Task PullImage_BusyboxByTag_ListedWithTagDigestSizeAndUser()
    {
        var registry = await registries.AnonymousAsync(Ct);
        var pushed = await registry.PushAsync(TestImages.Busybox, RepositoryNames.Unique(), "1.0", Ct);
        await using var daemon = await StartDaemonAsync(registry);

        var pull = await daemon.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = pushed.Reference } }, cancellationToken: Ct);

        pull.ImageRef.ShouldBe(pushed.DigestReference);
        var list = await daemon.Images.ListImagesAsync(new ListImagesRequest(), cancellationToken: Ct);
        var image = list.Images.ShouldHaveSingleItem();
        image.Id.ShouldBe(Hex(TestImages.Busybox.Id));
        image.RepoTags.ShouldBe([pushed.Reference]);
        image.RepoDigests.ShouldBe([pushed.DigestReference]);
        image.Size.ShouldBeGreaterThan(500_000UL); // busybox-static is about 1-2 MB
        image.Spec.Image.ShouldBe(image.Id);

        var fs = await daemon.Images.ImageFsInfoAsync(new ImageFsInfoRequest(), cancellationToken: Ct);
        var usage = fs.ImageFilesystems.ShouldHaveSingleItem();
        usage.UsedBytes.Value.ShouldBeGreaterThan(500_000UL);
        usage.InodesUsed.Value.ShouldBeGreaterThan((ulong)TestImages.BusyboxApplets.Count);
        usage.FsId.Mountpoint.ShouldStartWith(daemon.Files.Root);
    }

    [Fact]
    public async Task ImageStatus_ByNameIdAndPrefix_VerboseHasConfig_UnknownIsEmpty()
    {
        var registry = await registries.AnonymousAsync(Ct);
        var pushed = await registry.PushAsync(TestImages.Configured, RepositoryNames.Unique(), "v2", Ct);
        await using var daemon = await StartDaemonAsync(registry);
        await daemon.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = pushed.Reference } }, cancellationToken: Ct);
        var id = Hex(TestImages.Configured.Id);

        foreach (var name in new[] { pushed.Reference, pushed.DigestReference, id, "sha256:" + id, id[..12] })
        {
            var status = await daemon.Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = name } }, cancellationToken: Ct);
            status.Image.ShouldNotBeNull(name);
            status.Image.Id.ShouldBe(id, name);
        }

        var verbose = await daemon.Images.ImageStatusAsync(
            new ImageStatusRequest { Image = new ImageSpec { Image = pushed.Reference }, Verbose = true }, cancellationToken: Ct);
        verbose.Info["info"].ShouldContain("\"imageSpec\"");
        verbose.Info["info"].ShouldContain(ConfiguredImage.WorkingDir);

        var unknown = await daemon.Images.ImageStatusAsync(
            new ImageStatusRequest { Image = new ImageSpec { Image = registry.Host + "/nope/nothing:1" } }, cancellationToken: Ct);
        unknown.Image.ShouldBeNull();
    }

    [Fact]
    public async Task PullImage_ByDigest_AndMultiArchIndex_PicksHostPlatform()
    {
        var registry = await registries.AnonymousAsync(Ct);
        var repository = RepositoryNames.Unique();
        var index = await registry.PushAsync(TestImages.MultiArch, repository, "multi", Ct);
        await using var daemon = await StartDaemonAsync(registry);

        var byTag = await daemon.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = index.Reference } }, cancellationToken: Ct);
        var byDigest = await daemon.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = index.DigestReference } }, cancellationToken: Ct);

        byTag.ImageRef.ShouldBe(index.DigestReference);
        byDigest.ImageRef.ShouldBe(index.DigestReference);
        var image = (await daemon.Images.ListImagesAsync(new ListImagesRequest(), cancellationToken: Ct)).Images.ShouldHaveSingleItem();
        image.Id.ShouldBe(Hex(TestImages.MultiArch.For(OciPlatform.Host).Id));
    }

    [Fact]
    public async Task PullImage_MultiLayerWithZstdWhiteoutsAndHardlinks_Succeeds()
    {
        var registry = await registries.AnonymousAsync(Ct);
        var pushed = await registry.PushAsync(TestImages.MultiLayer, RepositoryNames.Unique(), "layers", Ct);
        await using var daemon = await StartDaemonAsync(registry);

        await daemon.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = pushed.Reference } }, cancellationToken: Ct);

        var status = await daemon.Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = pushed.Reference } }, cancellationToken: Ct);
        status.Image.Id.ShouldBe(Hex(TestImages.MultiLayer.Id));
        Directory.GetDirectories(Path.Combine(daemon.Files.Root, "overlay"))
            .Count(d => Path.GetFileName(d).Length == 64)
            .ShouldBe(TestImages.MultiLayer.Layers.Count);
    }

    [Fact]
    public async Task PullImage_ConcurrentSameImage_OneCopyOfEachLayer()
    {
        var registry = await registries.AnonymousAsync(Ct);
        var image = TestImages.WithUniqueLayer(TestImages.Busybox);
        var pushed = await registry.PushAsync(image, RepositoryNames.Unique(), "same", Ct);
        await using var daemon = await StartDaemonAsync(registry);

        var pulls = Enumerable.Range(0, 4).Select(_ => daemon.Images.PullImageAsync(
            new PullImageRequest { Image = new ImageSpec { Image = pushed.Reference } }, cancellationToken: Ct).ResponseAsync);
        var results = await Task.WhenAll(pulls);

        results.Select(r => r.ImageRef).Distinct().ShouldHaveSingleItem().ShouldBe(pushed.DigestReference);
        Directory.GetDirectories(Path.Combine(daemon.Files.Root, "overlay"))
            .Count(d => Path.GetFileName(d).Length == 64)
            .ShouldBe(image.Layers.Count);
    }

    [Fact]
    public async Task RemoveImage_ByTagThenId_UntagsThenDeletesLayers_Idempotent()
    {
        var registry = await registries.AnonymousAsync(Ct);
        var repository = RepositoryNames.Unique();
        var image = TestImages.WithUniqueLayer(TestImages.Busybox);
        var first = await registry.PushAsync(image, repository, "a", Ct);
        var second = await registry.PushAsync(image, repository, "b", Ct);
        await using var daemon = await StartDaemonAsync(registry);
        await daemon.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = first.Reference } }, cancellationToken: Ct);
        await daemon.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = second.Reference } }, cancellationToken: Ct);

        await daemon.Images.RemoveImageAsync(new RemoveImageRequest { Image = new ImageSpec { Image = first.Reference } }, cancellationToken: Ct);
        var remaining = (await daemon.Images.ListImagesAsync(new ListImagesRequest(), cancellationToken: Ct)).Images.ShouldHaveSingleItem();
        remaining.RepoTags.ShouldBe([second.Reference]);

        await daemon.Images.RemoveImageAsync(new RemoveImageRequest { Image = new ImageSpec { Image = remaining.Id } }, cancellationToken: Ct);
        await daemon.Images.RemoveImageAsync(new RemoveImageRequest { Image = new ImageSpec { Image = remaining.Id } }, cancellationToken: Ct);

        (await daemon.Images.ListImagesAsync(new ListImagesRequest(), cancellationToken: Ct)).Images.ShouldBeEmpty();
        Directory.GetDirectories(Path.Combine(daemon.Files.Root, "overlay")).Count(d => Path.GetFileName(d).Length == 64).ShouldBe(0);
    }

    [Fact]
    public async Task Images_SurviveDaemonRestart()
    {
        var registry = await registries.AnonymousAsync(Ct);
        var pushed = await registry.PushAsync(TestImages.Busybox, RepositoryNames.Unique(), "keep", Ct);
        await using var daemon = await StartDaemonAsync(registry);
        await daemon.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = pushed.Reference } }, cancellationToken: Ct);

        await using var restarted = await daemon.RestartAsync(kill: true);

        var status = await restarted.Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = pushed.Reference } }, cancellationToken: Ct);
        status.Image.Id.ShouldBe(Hex(TestImages.Busybox.Id));
    }

    [Fact]
    public async Task PullImage_ShortNameThroughSearchRegistry_Resolves()
    {
        var registry = await registries.AnonymousAsync(Ct);
        var repository = RepositoryNames.Unique();
        var pushed = await registry.PushAsync(TestImages.Busybox, repository, "latest", Ct);
        await using var daemon = await StartDaemonAsync(registry, $"unqualified-search-registries = [\"{registry.Host}\"]");

        var pull = await daemon.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = repository } }, cancellationToken: Ct);

        pull.ImageRef.ShouldBe(pushed.DigestReference);
        var status = await daemon.Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = repository } }, cancellationToken: Ct);
        status.Image.ShouldNotBeNull();
    }

    [Fact]
    public async Task PullImage_BasicAuthRegistry_NeedsCredentials()
    {
        var registry = await registries.BasicAuthAsync(Ct);
        var pushed = await registry.PushAsync(TestImages.Busybox, RepositoryNames.Unique(), "auth", Ct);
        await using var daemon = await StartDaemonAsync(registry);

        var anonymous = await Should.ThrowAsync<RpcException>(() => daemon.Images.PullImageAsync(
            new PullImageRequest { Image = new ImageSpec { Image = pushed.Reference } }, cancellationToken: Ct).ResponseAsync);
        var pull = await daemon.Images.PullImageAsync(new PullImageRequest
        {
            Image = new ImageSpec { Image = pushed.Reference },
            Auth = new AuthConfig { Username = RegistryCredentials.Default.Username, Password = RegistryCredentials.Default.Password },
        }, cancellationToken: Ct);

        anonymous.StatusCode.ShouldBe(StatusCode.PermissionDenied, anonymous.Status.Detail);
        pull.ImageRef.ShouldBe(pushed.DigestReference);
    }
}
