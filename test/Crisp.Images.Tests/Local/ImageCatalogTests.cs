using System.Formats.Tar;
using System.Security.Cryptography;
using Crisp.Images.Local;
using Crisp.Storage;
using Crisp.Storage.Images;
using Shouldly;

namespace Crisp.Images.Tests.Local;

public sealed class ImageCatalogTests : IDisposable
{
    private readonly TempDirectory _root = new();
    private readonly LayerStore _layers;
    private readonly ImageStore _images;
    private readonly ImageCatalog _catalog;

    public ImageCatalogTests()
    {
        _layers = LayerStore.Open(_root.Path);
        _images = ImageStore.Open(_root.Path);
        _catalog = new ImageCatalog(_images, _layers, () => null);
    }

    public void Dispose()
    {
        _layers.Dispose();
        _root.Dispose();
    }

    private static byte[] Tar(string fileName)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, fileName) { DataStream = new MemoryStream("x"u8.ToArray()) });
        }

        return buffer.ToArray();
    }

    private async Task<StoredImage> AddImageAsync(string id, string[] tags, params string[] files)
    {
        var chain = new List<string>();
        foreach (var file in files)
        {
            var tar = Tar(file);
            var layer = await _layers.GetOrCreateAsync(
                chain.Count == 0 ? null : chain[^1],
                new LayerBlob(_ => Task.FromResult<Stream>(new MemoryStream(tar))) { DiffId = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(tar)) },
                TestContext.Current.CancellationToken);
            chain.Add(layer.ChainId);
        }

        return _images.Add(new StoredImage(id, tags, [], chain, "sha256:" + new string('9', 64), 1, DateTimeOffset.UnixEpoch), "{}"u8, "{}"u8);
    }

    [Fact]
    public async Task Remove_InUse_RefusedAndKept()
    {
        var image = await AddImageAsync(new string('a', 64), ["docker.io/r/x:1"], "a");

        Should.Throw<ImageInUseException>(() => _catalog.Remove("docker.io/r/x:1", id => id == image.Id)).Message.ShouldContain("in use");

        _images.Get(image.Id).ShouldNotBeNull();
        _layers.Get(image.Layers[0]).ShouldNotBeNull();
    }

    [Fact]
    public async Task Remove_ById_KeepsLayersSharedWithAnotherImage()
    {
        var base1 = await AddImageAsync(new string('a', 64), ["docker.io/r/base:1"], "a");
        var child = await AddImageAsync(new string('b', 64), ["docker.io/r/child:1"], "a", "b");

        _catalog.Remove(child.Id, _ => false).ShouldBeTrue();

        _layers.Get(child.Layers[1]).ShouldBeNull();
        _layers.Get(base1.Layers[0]).ShouldNotBeNull();
        _catalog.Remove(child.Id, _ => false).ShouldBeFalse();
    }

    [Fact]
    public async Task Find_ShortIdPrefixAmbiguous_Throws()
    {
        await AddImageAsync("ab" + new string('1', 62), [], "a");
        await AddImageAsync("ab" + new string('2', 62), [], "b");

        Should.Throw<AmbiguousImageException>(() => _catalog.Find("ab"));
        _catalog.Find("ab1")!.Id.ShouldStartWith("ab1");
        _catalog.Find("docker.io/library/nothing:latest").ShouldBeNull();
    }
}
