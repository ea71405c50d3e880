using Crisp.Linux;
using Crisp.Storage.Tests.Support;
using Shouldly;
using Xunit;

namespace Crisp.Storage.Tests;

public sealed class VfsDriverTests : IDisposable
{
    private static readonly byte[] _capability = [0x01, 0x00, 0x00, 0x02, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Mount_CopiesLayersPreservingMetadataAndAppliesWhiteouts()
    {
        var bottom = Layer("bottom", new TarBuilder()
            .File("bin/tool", "tool", mode: 0x9ED /* 04755 */, uid: 1000, gid: 1000)
            .HardLink("bin/tool-link", "bin/tool")
            .Symlink("bin/abs", "/etc/passwd")
            .CharDevice("dev/null", 1, 3)
            .Fifo("run/fifo")
            .Directory("tmp", mode: 0x3FF)
            .File("etc/gone", "gone")
            .File("cache/old", "old")
            .Build());
        var binaryLayer = Layer("binary", new TarBuilder().FileWithXattrs("bin/ping", "p"u8.ToArray(), ("security.capability", _capability)).Build());
        var top = Layer("top", new TarBuilder()
            .File("etc/.wh.gone", "")
            .Directory("cache")
            .File("cache/.wh..wh..opq", "")
            .File("cache/new", "new")
            .Build());
        var driver = new VfsDriver();
        var request = Request([top, binaryLayer, bottom]);

        driver.Mount(request);

        driver.IsMounted(request.Target).ShouldBeTrue();
        var root = request.Target;
        var tool = FileSystemCalls.LStat(Path.Combine(root, "bin/tool"));
        (tool.Uid, tool.Gid, tool.Permissions).ShouldBe((1000u, 1000u, 0x9EDu));
        FileSystemCalls.LStat(Path.Combine(root, "bin/tool-link")).Inode.ShouldBe(tool.Inode);
        tool.ModificationTime.Seconds.ShouldBe(TarBuilder.DefaultTime.ToUnixTimeSeconds());
        new FileInfo(Path.Combine(root, "bin/abs")).LinkTarget.ShouldBe("/etc/passwd");
        var devNull = FileSystemCalls.LStat(Path.Combine(root, "dev/null"));
        (devNull.Kind, devNull.RdevMajor, devNull.RdevMinor).ShouldBe((FileKind.CharDevice, 1u, 3u));
        FileSystemCalls.LStat(Path.Combine(root, "run/fifo")).Kind.ShouldBe(FileKind.Fifo);
        FileSystemCalls.LStat(Path.Combine(root, "tmp")).Permissions.ShouldBe(0x3FFu);
        ExtendedAttributes.Get(Path.Combine(root, "bin/ping"), "security.capability").ShouldBe(_capability);
        File.Exists(Path.Combine(root, "etc/gone")).ShouldBeFalse();
        Directory.GetFileSystemEntries(Path.Combine(root, "cache")).Select(Path.GetFileName).ShouldBe(["new"]);
        ExtendedAttributes.Get(Path.Combine(root, "cache"), "trusted.overlay.opaque").ShouldBeNull();
    }

    [Fact]
    public void Mount_Again_KeepsTheContainersChanges()
    {
        var layer = Layer("only", new TarBuilder().File("base", "base").Build());
        var driver = new VfsDriver();
        var request = Request([layer]);
        driver.Mount(request);
        File.WriteAllText(Path.Combine(request.Target, "mine"), "changed");
        driver.Unmount(request.Target);
        driver.IsMounted(request.Target).ShouldBeFalse();

        driver.Mount(request);

        File.ReadAllText(Path.Combine(request.Target, "mine")).ShouldBe("changed");
        File.ReadAllText(Path.Combine(request.Target, "base")).ShouldBe("base");
    }

    [Fact]
    public void Mount_ReadOnly_RefusesWrites()
    {
        var driver = new VfsDriver();
        var request = Request([Layer("only", new TarBuilder().File("base", "base").Build())]) with { ReadOnly = true };

        driver.Mount(request);

        Should.Throw<IOException>(() => File.WriteAllText(Path.Combine(request.Target, "x"), "x"));
    }

    private string Layer(string name, byte[] tar)
    {
        var directory = _temp.Create("layers", name);
        LayerApplier.Apply(new MemoryStream(tar), directory, cancellationToken: TestContext.Current.CancellationToken);
        return directory;
    }

    private RootfsMountRequest Request(IReadOnlyList<string> lowers) =>
        new(lowers, _temp.Combine("container", "upper"), _temp.Combine("container", "work"), _temp.Combine("container", "rootfs"));
}
