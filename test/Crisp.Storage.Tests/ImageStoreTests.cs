using Crisp.Storage.Images;
using Crisp.Storage.Tests.Support;
using Shouldly;

namespace Crisp.Storage.Tests;

public sealed class ImageStoreTests : IDisposable
{
    private static readonly string _idA = new('a', 64);
    private static readonly string _idB = new('b', 64);
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    private static StoredImage Image(string id, string[] tags, string[] digests) =>
        new(id, tags, digests, ["sha256:" + new string('1', 64)], "sha256:" + new string('2', 64), 1234, DateTimeOffset.UnixEpoch);

    [Fact]
    public void Add_ThenReopen_ImageAndConfigPersisted()
    {
        var store = ImageStore.Open(_root.Path);
        store.Add(Image(_idA, ["docker.io/library/busybox:latest"], ["docker.io/library/busybox@sha256:" + new string('c', 64)]), "{\"x\":1}"u8, "{}"u8);

        var reopened = ImageStore.Open(_root.Path);

        var image = reopened.Get(_idA).ShouldNotBeNull();
        image.RepoTags.ShouldBe(["docker.io/library/busybox:latest"]);
        image.Size.ShouldBe(1234);
        reopened.FindByName("docker.io/library/busybox@sha256:" + new string('c', 64))!.Id.ShouldBe(_idA);
        reopened.ReadConfig(_idA).ShouldBe("{\"x\":1}"u8.ToArray());
    }

    [Fact]
    public void Add_TagAlreadyOnAnotherImage_MovesTheTag()
    {
        var store = ImageStore.Open(_root.Path);
        store.Add(Image(_idA, ["r/x:latest", "r/x:1"], []), "{}"u8, "{}"u8);

        store.Add(Image(_idB, ["r/x:latest"], []), "{}"u8, "{}"u8);

        store.Get(_idA)!.RepoTags.ShouldBe(["r/x:1"]);
        store.FindByName("r/x:latest")!.Id.ShouldBe(_idB);
    }

    [Fact]
    public void Add_SameImageAgain_MergesNames()
    {
        var store = ImageStore.Open(_root.Path);
        store.Add(Image(_idA, ["r/x:1"], ["r/x@sha256:" + new string('d', 64)]), "{}"u8, "{}"u8);

        var merged = store.Add(Image(_idA, ["r/x:2"], []), "{}"u8, "{}"u8);

        merged.RepoTags.ShouldBe(["r/x:1", "r/x:2"]);
        merged.RepoDigests.Count.ShouldBe(1);
        store.List().Count.ShouldBe(1);
    }

    [Fact]
    public void FindByIdPrefix_MatchesHexWithOrWithoutAlgorithm()
    {
        var store = ImageStore.Open(_root.Path);
        store.Add(Image(_idA, [], []), "{}"u8, "{}"u8);
        store.Add(Image(_idB, [], []), "{}"u8, "{}"u8);

        store.FindByIdPrefix("aaa").Single().Id.ShouldBe(_idA);
        store.FindByIdPrefix("sha256:bb").Single().Id.ShouldBe(_idB);
        store.FindByIdPrefix("AAA").ShouldBeEmpty();
        store.FindByIdPrefix("busybox").ShouldBeEmpty();
    }

    [Fact]
    public void RemoveName_And_Remove_UpdateIndexAndFiles()
    {
        var store = ImageStore.Open(_root.Path);
        store.Add(Image(_idA, ["r/x:1", "r/x:2"], []), "{}"u8, "{}"u8);

        store.RemoveName("r/x:1")!.RepoTags.ShouldBe(["r/x:2"]);
        store.Remove(_idA).ShouldBeTrue();
        store.Remove(_idA).ShouldBeFalse();

        Directory.Exists(Path.Combine(store.Directory, _idA)).ShouldBeFalse();
        ImageStore.Open(_root.Path).List().ShouldBeEmpty();
    }
}
