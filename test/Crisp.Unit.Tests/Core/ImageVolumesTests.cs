using System.Security.Cryptography;
using System.Text;
using Crisp.Core.Containers;
using Runtime.V1;
using Shouldly;

namespace Crisp.Unit.Tests.Core;

public sealed class ImageVolumesTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("crisp-unit-");

    public ImageVolumesTests()
    {
        Directory.CreateDirectory(Rootfs);
        Directory.CreateDirectory(Outside);
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private string Rootfs => Path.Combine(_dir.FullName, "rootfs");

    private string Storage => Path.Combine(_dir.FullName, "storage");

    /// <summary>A directory outside the root file system that a symlink in the image could point at.</summary>
    private string Outside => Path.Combine(_dir.FullName, "outside");

    private static ContainerConfig Config(params string[] mountPaths)
    {
        var config = new ContainerConfig { Metadata = new ContainerMetadata { Name = "app" } };
        foreach (var path in mountPaths)
        {
            config.Mounts.Add(new Mount { ContainerPath = path, HostPath = "/host" + path });
        }

        return config;
    }

    private static string Hash(string volume) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(volume)));

    private string[] RootfsEntries() =>
        [.. Directory.EnumerateFileSystemEntries(Rootfs, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(Rootfs, p)).Order(StringComparer.Ordinal)];

    [Fact]
    public void Prepare_Mkdir_CreatesEachDirectoryInsideTheRootfs_ReturnsTheSameConfig()
    {
        var config = Config();

        var result = ImageVolumes.Prepare("mkdir", ["/data", "/var/lib/app/", "//srv//www"], config, Rootfs, Storage);

        result.ShouldBeSameAs(config);
        config.Mounts.ShouldBeEmpty();
        RootfsEntries().ShouldBe(["data", "srv", "srv/www", "var", "var/lib", "var/lib/app"]);
        var mode = File.GetUnixFileMode(Path.Combine(Rootfs, "var/lib/app"));
        mode.HasFlag(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute).ShouldBeTrue();
        (mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)).ShouldBe((UnixFileMode)0);
        Directory.Exists(Storage).ShouldBeFalse("mkdir mode keeps nothing in the container's storage");
    }

    [Fact]
    public void Prepare_Mkdir_ExistingDirectories_AreKept()
    {
        Directory.CreateDirectory(Path.Combine(Rootfs, "data"));
        File.WriteAllText(Path.Combine(Rootfs, "data", "keep"), "x");

        ImageVolumes.Prepare("mkdir", ["/data", "/data/sub"], Config(), Rootfs, Storage);

        File.ReadAllText(Path.Combine(Rootfs, "data", "keep")).ShouldBe("x");
        Directory.Exists(Path.Combine(Rootfs, "data", "sub")).ShouldBeTrue();
    }

    [Fact]
    public void Prepare_Mkdir_AbsoluteSymlinkOnThePath_FollowedInsideTheRootfs_NothingCreatedOutside()
    {
        File.CreateSymbolicLink(Path.Combine(Rootfs, "data"), Outside);

        ImageVolumes.Prepare("mkdir", ["/data/sub"], Config(), Rootfs, Storage);

        Directory.Exists(Path.Combine(Rootfs, Outside.TrimStart('/'), "sub")).ShouldBeTrue("the link's target is resolved in the container's root");
        Directory.EnumerateFileSystemEntries(Outside).ShouldBeEmpty();
    }

    [Fact]
    public void Prepare_Mkdir_SymlinkToTmp_CreatesTheRootfsTmpDirectory_NotTheHosts()
    {
        File.CreateSymbolicLink(Path.Combine(Rootfs, "data"), "/tmp");
        var probe = "crisp-unit-volume-" + Guid.NewGuid().ToString("N");

        ImageVolumes.Prepare("mkdir", ["/data/" + probe], Config(), Rootfs, Storage);

        Directory.Exists(Path.Combine(Rootfs, "tmp", probe)).ShouldBeTrue();
        Directory.Exists(Path.Combine("/tmp", probe)).ShouldBeFalse();
    }

    [Fact]
    public void Prepare_Mkdir_CommonImageLinkVarRunToRun_VolumeCreatedUnderRun()
    {
        Directory.CreateDirectory(Path.Combine(Rootfs, "var"));
        File.CreateSymbolicLink(Path.Combine(Rootfs, "var", "run"), "../run");

        ImageVolumes.Prepare("mkdir", ["/var/run/app"], Config(), Rootfs, Storage);

        Directory.Exists(Path.Combine(Rootfs, "run", "app")).ShouldBeTrue();
        new FileInfo(Path.Combine(Rootfs, "var", "run")).LinkTarget.ShouldBe("../run");
    }

    [Fact]
    public void Prepare_Mkdir_RelativeSymlinkClimbingAboveTheRoot_StopsAtTheRoot()
    {
        Directory.CreateDirectory(Path.Combine(Rootfs, "var", "lib"));
        File.CreateSymbolicLink(Path.Combine(Rootfs, "var", "lib", "app"), "../../../outside");

        ImageVolumes.Prepare("mkdir", ["/var/lib/app/cache"], Config(), Rootfs, Storage);

        Directory.Exists(Path.Combine(Rootfs, "outside", "cache")).ShouldBeTrue();
        Directory.EnumerateFileSystemEntries(Outside).ShouldBeEmpty();
    }

    [Fact]
    public void Prepare_Mkdir_DanglingSymlink_TargetCreatedInsideTheRootfs()
    {
        File.CreateSymbolicLink(Path.Combine(Rootfs, "data"), Path.Combine(Outside, "missing"));

        ImageVolumes.Prepare("mkdir", ["/data"], Config(), Rootfs, Storage);

        Directory.Exists(Path.Combine(Outside, "missing")).ShouldBeFalse();
        Directory.Exists(Path.Combine(Rootfs, Outside.TrimStart('/'), "missing")).ShouldBeTrue();
    }

    [Fact]
    public void Prepare_Mkdir_SymlinkLoop_Refused()
    {
        File.CreateSymbolicLink(Path.Combine(Rootfs, "a"), "/b");
        File.CreateSymbolicLink(Path.Combine(Rootfs, "b"), "/a");

        var error = Should.Throw<ContainerException>(() => ImageVolumes.Prepare("mkdir", ["/a/x"], Config(), Rootfs, Storage));

        error.Kind.ShouldBe(ContainerErrorKind.InvalidArgument);
        error.Message.ShouldContain("too many levels of symbolic links");
    }

    [Fact]
    public void Prepare_Mkdir_FileInTheWay_Refused()
    {
        File.WriteAllText(Path.Combine(Rootfs, "data"), "a file");

        var error = Should.Throw<ContainerException>(() => ImageVolumes.Prepare("mkdir", ["/data/sub"], Config(), Rootfs, Storage));

        error.Kind.ShouldBe(ContainerErrorKind.InvalidArgument);
        error.Message.ShouldContain("data is a file in the image");
    }

    [Theory]
    [InlineData("/a/../../escape")]
    [InlineData("/..")]
    [InlineData("/a/./b")]
    public void Prepare_Mkdir_DotComponents_Refused_NothingEscapes(string volume)
    {
        var error = Should.Throw<ContainerException>(() => ImageVolumes.Prepare("mkdir", [volume], Config(), Rootfs, Storage));

        error.Kind.ShouldBe(ContainerErrorKind.InvalidArgument);
        File.Exists(Path.Combine(_dir.FullName, "escape")).ShouldBeFalse();
        Directory.Exists(Path.Combine(_dir.FullName, "escape")).ShouldBeFalse();
    }

    [Fact]
    public void Prepare_Mkdir_RelativeVolume_Refused()
    {
        var error = Should.Throw<ContainerException>(() => ImageVolumes.Prepare("mkdir", ["data"], Config(), Rootfs, Storage));

        error.Kind.ShouldBe(ContainerErrorKind.InvalidArgument);
        error.Message.ShouldBe("image volume \"data\" is not an absolute path");
    }

    [Fact]
    public void Prepare_Mkdir_RootVolume_Skipped()
    {
        ImageVolumes.Prepare("mkdir", ["/", "//"], Config(), Rootfs, Storage);

        RootfsEntries().ShouldBeEmpty();
    }

    [Fact]
    public void Prepare_Mkdir_VolumesACriMountCovers_Skipped()
    {
        File.CreateSymbolicLink(Path.Combine(Rootfs, "covered"), Outside);

        ImageVolumes.Prepare("mkdir", ["/data", "/covered", "/logs/"], Config("/data/", "/covered", "//logs"), Rootfs, Storage);

        RootfsEntries().ShouldBe(["covered"], "the symlink is left alone: the kubelet's mount goes there, not a volume directory");
    }

    [Fact]
    public void Prepare_Bind_AddsAMountPerVolume_SourcesUnderStorageVolumes_InputUntouched()
    {
        var config = Config("/etc/config");
        var before = config.Clone();

        var result = ImageVolumes.Prepare("bind", ["/var/lib/app", "/data/", "/data"], config, Rootfs, Storage);

        result.ShouldNotBeSameAs(config);
        config.ShouldBe(before);
        config.Mounts.Count.ShouldBe(1);
        result.Mounts.Select(m => m.ContainerPath).ShouldBe(["/etc/config", "/data", "/var/lib/app"]);
        result.Mounts[0].ShouldBe(config.Mounts[0]);
        foreach (var mount in result.Mounts.Skip(1))
        {
            mount.HostPath.ShouldBe(Path.Combine(Storage, "volumes", Hash(mount.ContainerPath)));
            Directory.Exists(mount.HostPath).ShouldBeTrue();
            mount.Readonly.ShouldBeFalse();
        }

        result.Metadata.ShouldBe(config.Metadata);
        RootfsEntries().ShouldBeEmpty("bind mode does not create directories in the image's root file system");
    }

    [Fact]
    public void Prepare_Bind_SameVolume_SameSourceEachTime()
    {
        var first = ImageVolumes.Prepare("bind", ["/data"], Config(), Rootfs, Storage);
        File.WriteAllText(Path.Combine(first.Mounts[0].HostPath, "kept"), "x");

        var second = ImageVolumes.Prepare("bind", ["/data"], Config(), Rootfs, Storage);

        second.Mounts[0].HostPath.ShouldBe(first.Mounts[0].HostPath);
        File.Exists(Path.Combine(second.Mounts[0].HostPath, "kept")).ShouldBeTrue();
    }

    [Fact]
    public void Prepare_Bind_VolumesACriMountCovers_NoExtraMount()
    {
        var config = Config("/data");

        var result = ImageVolumes.Prepare("bind", ["/data/", "/"], config, Rootfs, Storage);

        result.ShouldBeSameAs(config);
        result.Mounts.Select(m => m.ContainerPath).ShouldBe(["/data"]);
        Directory.Exists(Path.Combine(Storage, "volumes")).ShouldBeFalse();
    }

    [Fact]
    public void Prepare_Bind_NoVolumes_SameConfig()
    {
        var config = Config("/data");

        ImageVolumes.Prepare("bind", [], config, Rootfs, Storage).ShouldBeSameAs(config);
    }

    [Fact]
    public void Prepare_Ignore_DoesNothing_EvenForVolumesThatWouldBeRefused()
    {
        File.CreateSymbolicLink(Path.Combine(Rootfs, "data"), Outside);
        var config = Config();

        var result = ImageVolumes.Prepare("ignore", ["/data/sub", "relative", "/a/../b", "/srv"], config, Rootfs, Storage);

        result.ShouldBeSameAs(config);
        config.Mounts.ShouldBeEmpty();
        RootfsEntries().ShouldBe(["data"]);
        Directory.EnumerateFileSystemEntries(Outside).ShouldBeEmpty();
        Directory.Exists(Storage).ShouldBeFalse();
    }
}
