using Crisp.Linux;
using Crisp.Storage.Tests.Support;
using Shouldly;
using Xunit;

namespace Crisp.Storage.Tests;

public sealed class OverlayDriverTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(OverlayMountMethod.Auto)]
    [InlineData(OverlayMountMethod.Legacy)]
    public async Task Mount_WhiteoutAndOpaqueDirectory_HideLowerContent(OverlayMountMethod method)
    {
        using var store = LayerStore.Open(_temp.Combine("storage"), new LayerStoreOptions { SyncBeforeCommit = false });
        var bottom = await store.GetOrCreateAsync(null, LayerStoreTests.Blob(new TarBuilder()
            .File("etc/keep", "keep")
            .File("etc/gone", "gone")
            .File("cache/old", "old")
            .File("cache/sub/older", "older")
            .Build()), Token);
        var top = await store.GetOrCreateAsync(bottom.ChainId, LayerStoreTests.Blob(new TarBuilder()
            .File("etc/.wh.gone", "")
            .Directory("cache")
            .File("cache/.wh..wh..opq", "")
            .File("cache/new", "new")
            .Build()), Token);
        var driver = new OverlayDriver(store.LinkDirectory, method);
        var request = Request(store.GetLowerDirectories(top.ChainId));

        driver.Mount(request);

        driver.IsMounted(request.Target).ShouldBeTrue();
        File.ReadAllText(Path.Combine(request.Target, "etc", "keep")).ShouldBe("keep");
        File.Exists(Path.Combine(request.Target, "etc", "gone")).ShouldBeFalse();
        Directory.GetFileSystemEntries(Path.Combine(request.Target, "cache")).Select(Path.GetFileName).ShouldBe(["new"]);
        driver.Unmount(request.Target);
        driver.IsMounted(request.Target).ShouldBeFalse();
    }

    [Fact]
    public void Mount_FortyLayersWithLongPaths_MountsAllOfThem()
    {
        var lowers = LongLayers(40);
        string.Join(':', lowers).Length.ShouldBeGreaterThan(4096);
        var driver = new OverlayDriver(_temp.Combine("l"));
        var request = Request(lowers);

        driver.Mount(request);

        for (var i = 0; i < 40; i++)
        {
            File.ReadAllText(Path.Combine(request.Target, $"file{i}")).ShouldBe($"layer {i}");
        }

        File.ReadAllText(Path.Combine(request.Target, "shared")).ShouldBe("layer 39", "lowerdir lists the topmost layer first");
    }

    [Fact]
    public void Mount_FileDescriptorMethod_PassesEachLayerSeparatelyWithItsRealPath()
    {
        Assert.SkipUnless(Environment.OSVersion.Version >= new Version(6, 13), "overlayfs takes layers as file descriptors from Linux 6.13");
        var lowers = LongLayers(40);
        var driver = new OverlayDriver(_temp.Combine("l"), OverlayMountMethod.FileDescriptors);
        var request = Request(lowers);

        driver.Mount(request);

        var line = File.ReadLines("/proc/self/mountinfo").Single(l => l.Contains(request.Target + " ", StringComparison.Ordinal));
        line.ShouldContain("lowerdir+=" + lowers[0]);
        line.ShouldContain("lowerdir+=" + lowers[^1]);
        Directory.Exists(_temp.Combine("l")).ShouldBeFalse("no short links are needed");
        File.ReadAllText(Path.Combine(request.Target, "shared")).ShouldBe("layer 39");
    }

    [Fact]
    public void Mount_LegacyMethodWithFortyLongLayers_UsesShortLinks()
    {
        var lowers = LongLayers(40);
        var links = _temp.Combine("l");
        var driver = new OverlayDriver(links, OverlayMountMethod.Legacy);
        var request = Request(lowers);

        driver.Mount(request);

        File.ReadAllText(Path.Combine(request.Target, "file0")).ShouldBe("layer 0");
        File.ReadAllText(Path.Combine(request.Target, "shared")).ShouldBe("layer 39");
        Directory.GetFileSystemEntries(links).Length.ShouldBe(40);
        File.ReadAllText("/proc/self/mountinfo").ShouldContain(links + "/");
    }

    [Fact]
    public void Mount_Writes_GoToTheUpperDirectory()
    {
        var lower = _temp.Create("lower");
        File.WriteAllText(Path.Combine(lower, "base"), "base");
        var driver = new OverlayDriver(_temp.Combine("l"));
        var request = Request([lower]);
        driver.Mount(request);

        File.WriteAllText(Path.Combine(request.Target, "written"), "by the container");
        File.Delete(Path.Combine(request.Target, "base"));

        File.ReadAllText(Path.Combine(request.UpperDirectory, "written")).ShouldBe("by the container");
        FileSystemCalls.LStat(Path.Combine(request.UpperDirectory, "base")).IsWhiteout.ShouldBeTrue();
        File.Exists(Path.Combine(lower, "base")).ShouldBeTrue();
    }

    [Fact]
    public void Mount_Twice_IsANoOpAndUnmountIsIdempotent()
    {
        var driver = new OverlayDriver(_temp.Combine("l"));
        var request = Request([_temp.Create("lower")]);

        driver.Mount(request);
        driver.Mount(request);
        MountTable.MountPointsUnder(request.Target).Count.ShouldBe(1);

        driver.Unmount(request.Target);
        driver.Unmount(request.Target);
        driver.IsMounted(request.Target).ShouldBeFalse();
    }

    [Fact]
    public void Mount_ReadOnly_RefusesWrites()
    {
        var driver = new OverlayDriver(_temp.Combine("l"));
        var request = Request([_temp.Create("lower")]) with { ReadOnly = true, NoDev = true };

        driver.Mount(request);

        Should.Throw<IOException>(() => File.WriteAllText(Path.Combine(request.Target, "x"), "x"));
    }

    [Fact]
    public void Unmount_BusyMount_IsDetachedLazily()
    {
        var driver = new OverlayDriver(_temp.Combine("l"));
        var request = Request([_temp.Create("lower")]);
        driver.Mount(request);
        using var busy = File.Open(Path.Combine(request.Target, "held"), FileMode.Create);

        driver.Unmount(request.Target);

        driver.IsMounted(request.Target).ShouldBeFalse();
    }

    [Fact]
    public void IsSupported_OnThisHost_IsTrue() => OverlayDriver.IsSupported(_temp.Path).ShouldBeTrue();

    [Fact]
    public void IsMounted_PlainDirectoryAndRoot()
    {
        var driver = new OverlayDriver(_temp.Combine("l"));

        driver.IsMounted(_temp.Path).ShouldBeFalse();
        driver.IsMounted("/").ShouldBeTrue();
        driver.IsMounted(_temp.Combine("missing")).ShouldBeFalse();
    }

    private RootfsMountRequest Request(IReadOnlyList<string> lowers) =>
        new(lowers, _temp.Combine("container", "upper"), _temp.Combine("container", "work"), _temp.Combine("container", "merged"));

    /// <summary>Layer directories about 200 characters long, each with its own file and a shared one.</summary>
    private List<string> LongLayers(int count)
    {
        var lowers = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var path = _temp.Create("layers", $"{i:D3}-" + new string('x', 60), new string('y', 60), new string('z', 60));
            File.WriteAllText(Path.Combine(path, $"file{i}"), $"layer {i}");
            File.WriteAllText(Path.Combine(path, "shared"), $"layer {i}");
            lowers.Insert(0, path);
        }

        return lowers;
    }
}
