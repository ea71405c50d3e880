using System.Formats.Tar;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Crisp.IntegrationTests.Harness.Registry;
using Crisp.Linux;
using Shouldly;

namespace Crisp.IntegrationTests;

/// <summary>The test registry fixture end to end: a real docker-registry, images built in memory, plain HTTP.</summary>
public sealed class TestRegistryTests(SharedRegistries registries)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PushBusybox_ManifestByTagAndDigest_ReturnsSameBytesWithOciContentType()
    {
        var registry = await registries.AnonymousAsync(Ct);
        var repository = RepositoryNames.Unique();
        var image = TestImages.Busybox;

        var pushed = await registry.PushAsync(image, repository, "latest", Ct);

        pushed.Digest.ShouldBe(image.Digest);
        pushed.Reference.ShouldBe($"{registry.Host}/{repository}:latest");
        using var http = registry.CreateClient();
        foreach (var reference in new[] { "latest", image.Digest })
        {
            using var response = await GetManifestAsync(http, repository, reference);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, reference);
            response.Content.Headers.ContentType!.MediaType.ShouldBe(MediaTypes.OciManifest);
            response.Headers.GetValues("Docker-Content-Digest").Single().ShouldBe(image.Digest);
            (await response.Content.ReadAsByteArrayAsync(Ct)).ShouldBe(image.Manifest.Content.ToArray());
        }
    }

    [Fact]
    public async Task PushBusybox_BlobHeadAndGet_MatchDigestsAndDiffIds()
    {
        var registry = await registries.AnonymousAsync(Ct);
        var repository = RepositoryNames.Unique();
        var image = TestImages.Busybox;
        await registry.PushAsync(image, repository, "v1", Ct);
        using var http = registry.CreateClient();

        using var manifest = JsonDocument.Parse(await (await GetManifestAsync(http, repository, "v1")).Content.ReadAsStringAsync(Ct));
        var layer = manifest.RootElement.GetProperty("layers")[0];
        layer.GetProperty("mediaType").GetString().ShouldBe(MediaTypes.OciLayerGzip);
        var layerDigest = layer.GetProperty("digest").GetString()!;
        layerDigest.ShouldBe(TestImages.BusyboxLayer.Digest);

        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"v2/{repository}/blobs/{layerDigest}"), Ct);
        head.StatusCode.ShouldBe(HttpStatusCode.OK);
        head.Content.Headers.ContentLength.ShouldBe(layer.GetProperty("size").GetInt64());
        head.Headers.GetValues("Docker-Content-Digest").Single().ShouldBe(layerDigest);

        var blob = await http.GetByteArrayAsync($"v2/{repository}/blobs/{layerDigest}", Ct);
        Digests.Sha256(blob).ShouldBe(layerDigest);
        Digests.Sha256(LayerCompressions.Decompress(blob, MediaTypes.OciLayerGzip)).ShouldBe(TestImages.BusyboxLayer.DiffId);

        var configDigest = manifest.RootElement.GetProperty("config").GetProperty("digest").GetString()!;
        var config = await http.GetByteArrayAsync($"v2/{repository}/blobs/{configDigest}", Ct);
        Digests.Sha256(config).ShouldBe(image.Id);
        using var configJson = JsonDocument.Parse(config);
        configJson.RootElement.GetProperty("architecture").GetString().ShouldBe(OciPlatform.Host.Architecture);
        configJson.RootElement.GetProperty("rootfs").GetProperty("diff_ids")[0].GetString().ShouldBe(TestImages.BusyboxLayer.DiffId);
        configJson.RootElement.GetProperty("config").GetProperty("Cmd")[0].GetString().ShouldBe("sh");
        configJson.RootElement.GetProperty("config").GetProperty("Env")[0].GetString().ShouldBe(TestImages.PathEnv);
    }

    [Fact]
    public async Task PushBlob_AlreadyPresent_IsSkipped()
    {
        var registry = await registries.AnonymousAsync(Ct);
        var repository = RepositoryNames.Unique();
        var blob = new ContentBlob("application/octet-stream", Encoding.UTF8.GetBytes($"blob {Guid.NewGuid()}"));

        (await registry.Pusher.PushBlobAsync(repository, blob, Ct)).ShouldBeTrue();
        (await registry.Pusher.PushBlobAsync(repository, blob, Ct)).ShouldBeFalse();
        (await registry.Pusher.BlobExistsAsync(repository, blob.Digest, Ct)).ShouldBeTrue();
    }

    [Fact]
    public async Task PushOnce_LibraryBusyboxLatest_PushesOnceAndIsReadable()
    {
        var registry = await registries.AnonymousAsync(Ct);

        var first = registry.PushOnceAsync(TestImages.Busybox, "library/busybox");
        var second = registry.PushOnceAsync(TestImages.Busybox, "library/busybox");

        second.ShouldBeSameAs(first);
        (await first).Reference.ShouldBe($"{registry.Host}/library/busybox:latest");
        using var http = registry.CreateClient();
        using var response = await GetManifestAsync(http, "library/busybox", "latest");
        response.Headers.GetValues("Docker-Content-Digest").Single().ShouldBe(TestImages.Busybox.Digest);
    }

    [Fact]
    public void BusyboxLayer_HasBusyboxAppletLinksEtcAndOwnership()
    {
        var entries = TestImages.BusyboxLayer.ReadEntries().ToDictionary(e => e.Name);

        var busybox = entries["bin/busybox"];
        busybox.Type.ShouldBe(TarEntryType.RegularFile);
        busybox.Data.ShouldBe(File.ReadAllBytes(TestImages.BusyboxHostPath));
        busybox.Mode.ShouldBe(File.GetUnixFileMode(TestImages.BusyboxHostPath));
        busybox.ModificationTime.ToUnixTimeSeconds().ShouldBe(new DateTimeOffset(File.GetLastWriteTimeUtc(TestImages.BusyboxHostPath)).ToUnixTimeSeconds());
        TestImages.BusyboxApplets.ShouldContain("sh");
        TestImages.BusyboxApplets.ShouldContain("sleep");
        foreach (var applet in TestImages.BusyboxApplets)
        {
            entries["bin/" + applet].Type.ShouldBe(TarEntryType.SymbolicLink, applet);
            entries["bin/" + applet].LinkName.ShouldBe("busybox");
        }

        Encoding.UTF8.GetString(entries["etc/passwd"].Data).ShouldContain("app:x:1000:1000:");
        Encoding.UTF8.GetString(entries["etc/group"].Data).ShouldContain("app:x:1000:");
        entries.ShouldContainKey("etc/hostname");
        entries["tmp/"].Mode.ShouldBe(LayerBuilder.Octal("1777"));
        entries["root/"].Mode.ShouldBe(LayerBuilder.Octal("700"));
        (entries["home/app/"].Uid, entries["home/app/"].Gid).ShouldBe((1000, 1000));
        entries["etc/passwd"].ModificationTime.ShouldBe(LayerBuilder.DefaultModificationTime);
    }

    [Fact]
    public void Build_Twice_GivesTheSameDigests()
    {
        var again = TestImages.BusyboxFor(OciPlatform.Host);

        again.Digest.ShouldBe(TestImages.Busybox.Digest);
        again.Id.ShouldBe(TestImages.Busybox.Id);
        TestImages.BusyboxDocker.Layers[0].Digest.ShouldBe(TestImages.Busybox.Layers[0].Digest);
        TestImages.BusyboxDocker.Digest.ShouldNotBe(TestImages.Busybox.Digest);
        // Reproducible across processes too: .NET names PAX headers after the pid; the builder rewrites that.
        var tar = Encoding.ASCII.GetString(TestImages.MultiLayer.Layers[2].Tar.Span);
        tar.ShouldContain("PaxHeaders.0/");
        tar.ShouldNotContain($"PaxHeaders.{Environment.ProcessId}/");
    }

    [Fact]
    public async Task PushMultiArchIndex_IndexAndEveryPlatformManifestReadable()
    {
        var registry = await registries.AnonymousAsync(Ct);
        var repository = RepositoryNames.Unique();
        var index = TestImages.MultiArch;

        var pushed = await registry.PushAsync(index, repository, "multi", Ct);

        pushed.Digest.ShouldBe(index.Digest);
        using var http = registry.CreateClient();
        using var response = await GetManifestAsync(http, repository, "multi");
        response.Content.Headers.ContentType!.MediaType.ShouldBe(MediaTypes.OciIndex);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var entries = json.RootElement.GetProperty("manifests").EnumerateArray().ToArray();
        entries.Select(Platform).ShouldBe(["linux/amd64", "linux/arm64/v8", "linux/arm/v7"]);
        var configDigests = new HashSet<string>();
        foreach (var entry in entries)
        {
            entry.GetProperty("mediaType").GetString().ShouldBe(MediaTypes.OciManifest);
            using var child = await GetManifestAsync(http, repository, entry.GetProperty("digest").GetString()!);
            child.StatusCode.ShouldBe(HttpStatusCode.OK);
            using var manifest = JsonDocument.Parse(await child.Content.ReadAsStringAsync(Ct));
            manifest.RootElement.GetProperty("layers")[0].GetProperty("digest").GetString().ShouldBe(TestImages.BusyboxLayer.Digest);
            var configDigest = manifest.RootElement.GetProperty("config").GetProperty("digest").GetString()!;
            configDigests.Add(configDigest);
            using var config = JsonDocument.Parse(await http.GetByteArrayAsync($"v2/{repository}/blobs/{configDigest}", Ct));
            config.RootElement.GetProperty("architecture").GetString().ShouldBe(entry.GetProperty("platform").GetProperty("architecture").GetString());
        }

        configDigests.Count.ShouldBe(3);
        index.For(OciPlatform.LinuxArm64V8).Platform.Variant.ShouldBe("v8");
    }

    [Fact]
    public async Task PushMultiArchDocker_ManifestListAndSchema2MediaTypes()
    {
        var registry = await registries.AnonymousAsync(Ct);
        var repository = RepositoryNames.Unique();

        await registry.PushAsync(TestImages.MultiArchDocker, repository, "list", Ct);

        using var http = registry.CreateClient();
        using var response = await GetManifestAsync(http, repository, "list");
        response.Content.Headers.ContentType!.MediaType.ShouldBe(MediaTypes.DockerManifestList);
        using var list = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        list.RootElement.TryGetProperty("annotations", out _).ShouldBeFalse();
        var first = list.RootElement.GetProperty("manifests")[0];
        first.GetProperty("mediaType").GetString().ShouldBe(MediaTypes.DockerManifest);
        using var child = await GetManifestAsync(http, repository, first.GetProperty("digest").GetString()!);
        child.Content.Headers.ContentType!.MediaType.ShouldBe(MediaTypes.DockerManifest);
        using var manifest = JsonDocument.Parse(await child.Content.ReadAsStringAsync(Ct));
        manifest.RootElement.GetProperty("config").GetProperty("mediaType").GetString().ShouldBe(MediaTypes.DockerConfig);
        manifest.RootElement.GetProperty("layers")[0].GetProperty("mediaType").GetString().ShouldBe(MediaTypes.DockerLayerGzip);
    }

    [Fact]
    public async Task PushMultiLayer_LayersCarryWhiteoutsLinksSpecialFilesAndXattrs()
    {
        var registry = await registries.AnonymousAsync(Ct);
        var repository = RepositoryNames.Unique();
        var image = TestImages.MultiLayer;
        await registry.PushAsync(image, repository, "layers", Ct);
        using var http = registry.CreateClient();

        image.LayerDescriptors.Select(d => d.MediaType)
            .ShouldBe([MediaTypes.OciLayerGzip, MediaTypes.OciLayerGzip, MediaTypes.OciLayerZstd, MediaTypes.OciLayer]);
        var entries = new List<LayerEntry>();
        foreach (var (descriptor, layer) in image.LayerDescriptors.Zip(image.Layers).Skip(1))
        {
            var blob = await http.GetByteArrayAsync($"v2/{repository}/blobs/{descriptor.Digest}", Ct);
            Digests.Sha256(blob).ShouldBe(descriptor.Digest);
            var tar = LayerCompressions.Decompress(blob, descriptor.MediaType);
            Digests.Sha256(tar).ShouldBe(layer.DiffId);
            entries.AddRange(LayerEntry.ReadAll(tar));
        }

        var byName = entries.GroupBy(e => e.Name).ToDictionary(g => g.Key, g => g.Last());
        byName.ShouldContainKey("data/.wh.removed.txt");
        byName.ShouldContainKey("opaque/.wh..wh..opq");
        byName["links/hardlink.txt"].Type.ShouldBe(TarEntryType.HardLink);
        byName["links/hardlink.txt"].LinkName.ShouldBe("links/original.txt");
        byName["links/absolute"].LinkName.ShouldBe(MultiLayerImage.AbsoluteSymlinkTarget);
        byName["links/fifo"].Type.ShouldBe(TarEntryType.Fifo);
        byName["xattrs/file.txt"].Xattrs[MultiLayerImage.XattrName].ShouldBe(MultiLayerImage.XattrValue);
        byName["usr/local/bin/setuid-tool"].Mode.ShouldBe(MultiLayerImage.SetuidFileMode);
        byName["shared/"].Mode.ShouldBe(MultiLayerImage.SetgidDirectoryMode);
        (byName["home/app/owned.txt"].Uid, byName["home/app/owned.txt"].Gid).ShouldBe((1000, 1000));
    }

    [Fact]
    public void ConfiguredAndPauseImages_ConfigJsonHasTheirSettings()
    {
        using var configured = JsonDocument.Parse(TestImages.Configured.ConfigBlob.Content);
        var config = configured.RootElement.GetProperty("config");
        config.GetProperty("Entrypoint").EnumerateArray().Select(e => e.GetString()).ShouldBe(ConfiguredImage.Entrypoint);
        config.GetProperty("User").GetString().ShouldBe(ConfiguredImage.User);
        config.GetProperty("WorkingDir").GetString().ShouldBe(ConfiguredImage.WorkingDir);
        config.GetProperty("StopSignal").GetString().ShouldBe(ConfiguredImage.StopSignal);
        config.GetProperty("ExposedPorts").EnumerateObject().Select(p => p.Name).ShouldBe(ConfiguredImage.ExposedPorts);
        config.GetProperty("Volumes").EnumerateObject().Select(p => p.Name).ShouldBe(ConfiguredImage.Volumes);
        config.GetProperty("Labels").GetProperty(ConfiguredImage.LabelName).GetString().ShouldBe(ConfiguredImage.LabelValue);
        configured.RootElement.GetProperty("history").EnumerateArray().Last().GetProperty("empty_layer").GetBoolean().ShouldBeTrue();

        using var pause = JsonDocument.Parse(TestImages.Pause.ConfigBlob.Content);
        pause.RootElement.GetProperty("config").GetProperty("Entrypoint")[0].GetString().ShouldBe("/pause");
        pause.RootElement.GetProperty("config").TryGetProperty("Cmd", out _).ShouldBeFalse();
        var script = TestImages.Pause.Layers[^1].ReadEntries().Single();
        (script.Name, script.Mode).ShouldBe(("pause", LayerBuilder.Octal("755")));
        Encoding.UTF8.GetString(script.Data).ShouldStartWith("#!/bin/sh\n");
    }

    [Fact]
    public async Task PushHostileImages_EntriesAreWrittenVerbatim()
    {
        var registry = await registries.AnonymousAsync(Ct);

        await registry.PushAsync(TestImages.PathTraversal, RepositoryNames.Unique(), "latest", Ct);
        await registry.PushAsync(TestImages.SymlinkEscape, RepositoryNames.Unique(), "latest", Ct);

        TestImages.PathTraversal.Layers[^1].ReadEntries().Single().Name.ShouldBe(TestImages.PathTraversalEntry);
        TestImages.SymlinkEscape.Layers[^1].ReadEntries().Select(e => (e.Name, e.LinkName))
            .ShouldBe([(TestImages.SymlinkEscapeLink, "/tmp"), (TestImages.SymlinkEscapeFile, "")]);
    }

    [Fact]
    public async Task CorruptBlob_UniqueLayer_ServedBytesNoLongerMatchDigest()
    {
        var registry = await registries.AnonymousAsync(Ct);
        var repository = RepositoryNames.Unique();
        var image = TestImages.WithUniqueLayer(TestImages.Busybox);
        await registry.PushAsync(image, repository, "corrupt", Ct);
        var digest = image.Layers[^1].Digest;

        registry.CorruptBlob(digest);

        using var http = registry.CreateClient();
        var served = await http.GetByteArrayAsync($"v2/{repository}/blobs/{digest}", Ct);
        served.Length.ShouldBe((int)image.Layers[^1].Size);
        Digests.Sha256(served).ShouldNotBe(digest);
        Should.Throw<InvalidOperationException>(() => registry.CorruptBlob(TestImages.BusyboxLayer.Digest));
    }

    [Fact]
    public async Task BasicAuth_AnonymousRejected_CredentialsAccepted()
    {
        var registry = await registries.BasicAuthAsync(Ct);
        var repository = RepositoryNames.Unique();

        using (var anonymous = registry.CreateClient(authenticated: false))
        {
            using var response = await anonymous.GetAsync("v2/", Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            response.Headers.WwwAuthenticate.Single().Scheme.ShouldBe("Basic");
            using var anonymousPusher = new RegistryPusher(registry.Host);
            await Should.ThrowAsync<HttpRequestException>(() => anonymousPusher.PushImageAsync(repository, TestImages.Busybox, "latest", Ct));
        }

        using (var wrong = registry.CreateClient(authenticated: false))
        {
            wrong.DefaultRequestHeaders.Authorization = new RegistryCredentials(RegistryCredentials.Default.Username, "wrong").AuthorizationHeader;
            (await wrong.GetAsync("v2/", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        await registry.PushAsync(TestImages.Busybox, repository, "latest", Ct);
        using var http = registry.CreateClient();
        (await http.GetAsync("v2/", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var manifest = await GetManifestAsync(http, repository, "latest");
        manifest.StatusCode.ShouldBe(HttpStatusCode.OK);
        registry.Credentials!.AuthJson(registry.Host).ShouldContain(registry.Credentials.Base64);
    }

    [Fact]
    public async Task BasicAuth_OtherCredentials_HashedWithHtpasswd()
    {
        Assert.SkipUnless(File.Exists("/usr/bin/htpasswd"), "htpasswd (apache2-utils) is not installed");
        var credentials = new RegistryCredentials("other", "s3cret:with colon");
        await using var registry = await TestRegistry.StartAsync(new TestRegistryOptions { BasicAuth = credentials }, Ct);

        using var http = registry.CreateClient();
        (await http.GetAsync("v2/", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var wrong = new RegistryPusher(registry.Host, RegistryCredentials.Default);
        await Should.ThrowAsync<HttpRequestException>(() => wrong.BlobExistsAsync("any/repo", TestImages.BusyboxLayer.Digest, Ct));
    }

    [Fact]
    public async Task Dispose_OwnRegistry_ProcessReapedAndDirectoryRemoved()
    {
        var registry = await TestRegistry.StartAsync(ct: Ct);
        await registry.PushAsync(TestImages.Busybox, "library/busybox", "latest", Ct);
        var pid = registry.Pid;
        var directory = registry.Directory;
        Processes.Exists(pid).ShouldBeTrue();
        File.Exists(registry.BlobPath(TestImages.BusyboxLayer.Digest)).ShouldBeTrue();

        await registry.DisposeAsync();

        Processes.Exists(pid).ShouldBeFalse();
        registry.HasExited.ShouldBeTrue();
        registry.ExitCode.ShouldBe(143, "SIGTERM ends docker-registry 2.8 by the signal");
        Directory.Exists(directory).ShouldBeFalse();
        using var http = RegistryHttp.CreateClient(registry.Host);
        await Should.ThrowAsync<HttpRequestException>(() => http.GetAsync("v2/", Ct));
    }

    [Fact]
    public async Task SharedRegistries_SameInstanceForEveryCaller()
    {
        var first = await registries.AnonymousAsync(Ct);
        var second = await (await SharedRegistries.CurrentAsync()).AnonymousAsync(Ct);

        second.ShouldBeSameAs(first);
        first.IsShared.ShouldBeTrue();
        first.HasExited.ShouldBeFalse();
    }

    private static async Task<HttpResponseMessage> GetManifestAsync(HttpClient http, string repository, string reference)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v2/{repository}/manifests/{reference}");
        request.Headers.Accept.ParseAdd(MediaTypes.AnyManifest);
        return await http.SendAsync(request, Ct);
    }

    private static string Platform(JsonElement entry)
    {
        var platform = entry.GetProperty("platform");
        var variant = platform.TryGetProperty("variant", out var v) ? "/" + v.GetString() : "";
        return $"{platform.GetProperty("os").GetString()}/{platform.GetProperty("architecture").GetString()}{variant}";
    }
}
