using System.Text.Json;
using Crisp.Storage.Tests.Support;
using Shouldly;
using Xunit;

namespace Crisp.Storage.Tests;

public sealed class LayerStoreTests : IDisposable
{
    private static readonly LayerStoreOptions _options = new() { SyncBeforeCommit = false };

    private readonly TempDirectory _temp = new();
    private readonly string _root;

    public LayerStoreTests()
    {
        _root = _temp.Combine("storage");
    }

    public void Dispose() => _temp.Dispose();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetOrCreate_NewLayer_UnpacksAndRecordsIt()
    {
        var tar = LayerApplierTests.SampleLayer();
        var gzip = Compress.Gzip(tar);
        using var store = LayerStore.Open(_root, _options);

        var layer = await store.GetOrCreateAsync(null, Blob(gzip, LayerDigests.Sha256(tar), LayerDigests.Sha256(gzip)), Token);

        layer.ChainId.ShouldBe(LayerDigests.Sha256(tar));
        layer.DiffId.ShouldBe(layer.ChainId);
        layer.Id.ShouldBe(LayerDigests.Hex(layer.ChainId));
        layer.DiffDirectory.ShouldBe(Path.Combine(_root, "overlay", layer.Id, "diff"));
        layer.CompressedDigest.ShouldBe(LayerDigests.Sha256(gzip));
        layer.CompressedSize.ShouldBe(gzip.Length);
        layer.Compression.ShouldBe(LayerCompression.Gzip);
        layer.UncompressedSize.ShouldBe(tar.Length);
        layer.Inodes.ShouldBe(7);
        layer.ContentSize.ShouldBe(11);
        File.ReadAllText(Path.Combine(layer.DiffDirectory, "etc", "os-release")).ShouldBe("ID=crisp\n");
        store.Get(layer.ChainId).ShouldBe(layer);
        store.List().ShouldBe([layer]);

        using var index = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_root, "overlay-layers", "layers.json")));
        var record = index.RootElement.GetProperty("layers").EnumerateArray().ShouldHaveSingleItem();
        record.GetProperty("chainId").GetString().ShouldBe(layer.ChainId);
        record.GetProperty("compression").GetString().ShouldBe("gzip");
        Directory.GetFileSystemEntries(Path.Combine(_root, "overlay", ".staging")).ShouldBeEmpty();
    }

    [Fact]
    public async Task GetOrCreate_ExistingLayer_IsReusedWithoutOpeningTheBlob()
    {
        var tar = LayerApplierTests.SampleLayer();
        using var store = LayerStore.Open(_root, _options);
        var first = await store.GetOrCreateAsync(null, Blob(tar, LayerDigests.Sha256(tar)), Token);

        var second = await store.GetOrCreateAsync(null, new LayerBlob(_ => throw new InvalidOperationException("must not download")) { DiffId = first.DiffId }, Token);

        second.ShouldBeSameAs(first);
    }

    [Fact]
    public async Task GetOrCreate_ConcurrentRequestsForOneLayer_ExtractOnce()
    {
        var tar = LayerApplierTests.SampleLayer();
        var opens = 0;
        var release = new TaskCompletionSource();
        var blob = new LayerBlob(async ct =>
        {
            Interlocked.Increment(ref opens);
            await release.Task.WaitAsync(ct);
            return new MemoryStream(tar);
        })
        { DiffId = LayerDigests.Sha256(tar) };
        using var store = LayerStore.Open(_root, _options);

        var requests = Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.GetOrCreateAsync(null, blob, Token), Token)).ToList();
        await Task.Delay(100, Token);
        release.SetResult();
        var layers = await Task.WhenAll(requests);

        opens.ShouldBe(1);
        layers.Distinct().ShouldHaveSingleItem();
        store.List().Count.ShouldBe(1);
    }

    [Fact]
    public async Task GetOrCreate_WithoutDiffId_ComputesTheChainIdAndDeduplicatesAfterwards()
    {
        var tar = LayerApplierTests.SampleLayer();
        using var store = LayerStore.Open(_root, _options);

        var first = await store.GetOrCreateAsync(null, Blob(tar), Token);
        var second = await store.GetOrCreateAsync(null, Blob(Compress.Zstd(tar)), Token);

        first.ChainId.ShouldBe(LayerDigests.Sha256(tar));
        second.ShouldBeSameAs(first);
        Directory.GetDirectories(Path.Combine(_root, "overlay")).Length.ShouldBe(3, "the layer, l/ and .staging/");
        Directory.GetFileSystemEntries(Path.Combine(_root, "overlay", ".staging")).ShouldBeEmpty();
    }

    [Fact]
    public async Task GetOrCreate_WrongDigest_FailsAndLeavesNothing()
    {
        var gzip = Compress.Gzip(LayerApplierTests.SampleLayer());
        using var store = LayerStore.Open(_root, _options);

        await Should.ThrowAsync<LayerDigestMismatchException>(() =>
            store.GetOrCreateAsync(null, Blob(gzip, compressedDigest: LayerDigests.Sha256("not it"u8)), Token));

        store.List().ShouldBeEmpty();
        Directory.GetFileSystemEntries(Path.Combine(_root, "overlay", ".staging")).ShouldBeEmpty();
        Directory.GetDirectories(Path.Combine(_root, "overlay")).Select(Path.GetFileName).Order().ShouldBe([".staging", "l"]);
        File.Exists(Path.Combine(_root, "overlay-layers", "layers.json")).ShouldBeFalse();
    }

    [Fact]
    public async Task GetOrCreate_WrongDiffId_FailsAndLeavesNothing()
    {
        using var store = LayerStore.Open(_root, _options);

        await Should.ThrowAsync<LayerDigestMismatchException>(() =>
            store.GetOrCreateAsync(null, Blob(LayerApplierTests.SampleLayer(), LayerDigests.Sha256("not it"u8)), Token));

        store.List().ShouldBeEmpty();
        Directory.GetFileSystemEntries(Path.Combine(_root, "overlay", ".staging")).ShouldBeEmpty();
    }

    [Fact]
    public async Task GetOrCreate_RefusedLayer_FailsAndLeavesNothing()
    {
        var tar = new TarBuilder().Symlink("link", "/").File("link/x", "x").Build();
        using var store = LayerStore.Open(_root, _options);

        await Should.ThrowAsync<LayerFormatException>(() => store.GetOrCreateAsync(null, Blob(tar), Token));

        store.List().ShouldBeEmpty();
        Directory.GetFileSystemEntries(Path.Combine(_root, "overlay", ".staging")).ShouldBeEmpty();
    }

    [Fact]
    public async Task GetOrCreate_LayerStack_ChainsParentsAndListsLowerDirectoriesTopFirst()
    {
        var layers = Enumerable.Range(0, 3).Select(i => new TarBuilder().File($"file{i}", $"{i}").Build()).ToList();
        var diffIds = layers.Select(l => LayerDigests.Sha256(l)).ToList();
        using var store = LayerStore.Open(_root, _options);

        Layer? top = null;
        foreach (var (tar, diffId) in layers.Zip(diffIds))
        {
            top = await store.GetOrCreateAsync(top?.ChainId, Blob(tar, diffId), Token);
        }

        var chainIds = LayerDigests.ChainIds(diffIds);
        top!.ChainId.ShouldBe(chainIds[2]);
        top.ParentChainId.ShouldBe(chainIds[1]);
        store.List().Select(l => l.ChainId).ShouldBe(chainIds);
        store.GetLowerDirectories(top.ChainId).ShouldBe(chainIds.Reverse().Select(c => store.Get(c)!.DiffDirectory).ToList());
    }

    [Fact]
    public async Task GetOrCreate_UnknownParent_Throws()
    {
        using var store = LayerStore.Open(_root, _options);

        await Should.ThrowAsync<LayerNotFoundException>(() =>
            store.GetOrCreateAsync(LayerDigests.Sha256("missing"u8), Blob(LayerApplierTests.SampleLayer()), Token));
    }

    [Fact]
    public async Task Remove_LayerWithAChild_IsRefusedUntilTheChildIsGone()
    {
        using var store = LayerStore.Open(_root, _options);
        var bottom = await store.GetOrCreateAsync(null, Blob(new TarBuilder().File("a", "a").Build()), Token);
        var top = await store.GetOrCreateAsync(bottom.ChainId, Blob(new TarBuilder().File("b", "b").Build()), Token);

        var error = Should.Throw<LayerInUseException>(() => store.Remove(bottom.ChainId));
        error.Children.ShouldBe([top.ChainId]);

        store.Remove(top.ChainId);
        store.Remove(bottom.ChainId);
        store.List().ShouldBeEmpty();
        Directory.Exists(Path.GetDirectoryName(bottom.DiffDirectory)).ShouldBeFalse();
        Directory.GetFileSystemEntries(Path.Combine(_root, "overlay", ".staging")).ShouldBeEmpty();
        Should.Throw<LayerNotFoundException>(() => store.Remove(bottom.ChainId));
    }

    [Fact]
    public async Task Open_AfterDispose_ReloadsTheLayers()
    {
        Layer layer;
        using (var store = LayerStore.Open(_root, _options))
        {
            layer = await store.GetOrCreateAsync(null, Blob(LayerApplierTests.SampleLayer()), Token);
        }

        using var reopened = LayerStore.Open(_root, _options);

        reopened.Recovery.IsClean.ShouldBeTrue();
        reopened.Get(layer.ChainId).ShouldBe(layer);
    }

    [Fact]
    public void Open_WhileAnotherStoreHoldsTheRoot_IsRefused()
    {
        using var store = LayerStore.Open(_root, _options);

        Should.Throw<IOException>(() => LayerStore.Open(_root, _options)).Message.ShouldContain("in use");
    }

    [Fact]
    public async Task Open_AfterACrash_RemovesLeftoversAndDanglingRecords()
    {
        Layer kept, lost, child;
        using (var store = LayerStore.Open(_root, _options))
        {
            kept = await store.GetOrCreateAsync(null, Blob(new TarBuilder().File("kept", "k").Build()), Token);
            lost = await store.GetOrCreateAsync(null, Blob(new TarBuilder().File("lost", "l").Build()), Token);
            child = await store.GetOrCreateAsync(lost.ChainId, Blob(new TarBuilder().File("child", "c").Build()), Token);
        }

        // An extraction interrupted half-way, a layer renamed into place whose index write never
        // happened, and a layer whose directory vanished (taking its child's parent with it).
        var partial = Path.Combine(_root, "overlay", ".staging", "0123abcd", "diff", "usr");
        Directory.CreateDirectory(partial);
        File.WriteAllText(Path.Combine(partial, "half"), "x");
        var orphan = Path.Combine(_root, "overlay", new string('e', 64), "diff");
        Directory.CreateDirectory(orphan);
        Directory.Delete(Path.GetDirectoryName(lost.DiffDirectory)!, recursive: true);

        using var reopened = LayerStore.Open(_root, _options);

        reopened.Recovery.RemovedStaging.ShouldBe(["0123abcd"]);
        reopened.Recovery.RemovedOrphans.ShouldContain(new string('e', 64));
        reopened.Recovery.RemovedOrphans.ShouldContain(child.Id);
        reopened.Recovery.DroppedRecords.Count.ShouldBe(2);
        reopened.List().ShouldBe([kept]);
        Directory.GetDirectories(Path.Combine(_root, "overlay")).Select(Path.GetFileName).Order().ShouldBe([".staging", kept.Id, "l"]);
        Directory.GetFileSystemEntries(Path.Combine(_root, "overlay", ".staging")).ShouldBeEmpty();

        reopened.Dispose();
        using var again = LayerStore.Open(_root, _options);
        again.Recovery.IsClean.ShouldBeTrue();
        again.List().ShouldBe([kept]);
    }

    [Fact]
    public async Task GetOrCreate_WithSync_Works()
    {
        using var store = LayerStore.Open(_root, new LayerStoreOptions());

        var layer = await store.GetOrCreateAsync(null, Blob(LayerApplierTests.SampleLayer()), Token);

        Directory.Exists(layer.DiffDirectory).ShouldBeTrue();
    }

    [Fact]
    public async Task GetOrCreate_LayerWithCaveats_ReportsThemThroughTheWarningCallback()
    {
        var warnings = new List<string>();
        var tar = new TarBuilder().FileWithXattrs("f", [], ("trusted.overlay.origin", [1, 2, 3])).Build();
        using var store = LayerStore.Open(_root, _options with { Warning = warnings.Add });

        var layer = await store.GetOrCreateAsync(null, Blob(tar), Token);

        warnings.ShouldHaveSingleItem().ShouldStartWith($"layer {layer.ChainId}: f: ignored xattr trusted.overlay.origin");
    }

    [Fact]
    public async Task Dispose_DuringAnExtraction_CancelsItAndKeepsNothing()
    {
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blob = new LayerBlob(async ct =>
        {
            opened.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        });
        var store = LayerStore.Open(_root, _options);
        var pending = store.GetOrCreateAsync(null, blob, Token);
        await opened.Task.WaitAsync(Token);

        store.Dispose();

        await Should.ThrowAsync<OperationCanceledException>(() => pending);
        Directory.GetFileSystemEntries(Path.Combine(_root, "overlay", ".staging")).ShouldBeEmpty();
        using var reopened = LayerStore.Open(_root, _options);
        reopened.Recovery.IsClean.ShouldBeTrue();
    }

    internal static LayerBlob Blob(byte[] data, string? diffId = null, string? compressedDigest = null) =>
        new(_ => Task.FromResult<Stream>(new MemoryStream(data))) { DiffId = diffId, CompressedDigest = compressedDigest };
}
