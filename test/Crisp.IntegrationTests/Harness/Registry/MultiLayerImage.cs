using static Crisp.IntegrationTests.Harness.Registry.LayerBuilder;

namespace Crisp.IntegrationTests.Harness.Registry;

/// <summary>
/// <see cref="TestImages.MultiLayer"/>: busybox plus three layers whose effect a pull must reproduce.
/// <list type="number">
/// <item>gzip: /data/removed.txt, /data/kept.txt, /opaque/old.txt, /opaque/sub/old.txt.</item>
/// <item>zstd (<c>tar+zstd</c>): a whiteout of /data/removed.txt; /opaque made opaque with only /opaque/new.txt in it;
/// /links/original.txt and its hardlink /links/hardlink.txt; /links/absolute → /etc/passwd; the FIFO /links/fifo;
/// /xattrs/file.txt with the xattr user.crisp.test (a PAX SCHILY.xattr record).</item>
/// <item>uncompressed (<c>tar</c>): setuid /usr/local/bin/setuid-tool (4755), setgid directory /shared (2775, gid 1000),
/// /home/app/owned.txt (0600, 1000:1000).</item>
/// </list>
/// After unpacking: /data/removed.txt, /opaque/old.txt and /opaque/sub are gone; the rest is there.
/// </summary>
public static class MultiLayerImage
{
    public const string RemovedFile = "/data/removed.txt";
    public const string KeptFile = "/data/kept.txt";
    public const string KeptContent = "kept\n";
    public const string OpaqueDirectory = "/opaque";
    public const string OpaqueHiddenFile = "/opaque/old.txt";
    public const string OpaqueHiddenDirectory = "/opaque/sub";
    public const string OpaqueNewFile = "/opaque/new.txt";
    public const string HardlinkTarget = "/links/original.txt";
    public const string Hardlink = "/links/hardlink.txt";
    public const string HardlinkContent = "one inode, two names\n";
    public const string AbsoluteSymlink = "/links/absolute";
    public const string AbsoluteSymlinkTarget = "/etc/passwd";
    public const string Fifo = "/links/fifo";
    public const string XattrFile = "/xattrs/file.txt";
    public const string XattrName = "user.crisp.test";
    public const string XattrValue = "crisp-xattr-value";
    public const string SetuidFile = "/usr/local/bin/setuid-tool";
    public const string SetgidDirectory = "/shared";
    public const string OwnedFile = "/home/app/owned.txt";
    public const int OwnedFileUid = 1000;
    public const int OwnedFileGid = 1000;
    public const string EnvVariable = "CRISP_IMAGE=multi-layer";

    public static readonly UnixFileMode SetuidFileMode = Octal("4755");
    public static readonly UnixFileMode SetgidDirectoryMode = Octal("2775");
    public static readonly UnixFileMode OwnedFileMode = Octal("600");

    private static readonly Lazy<TestImage> _image = new(Build);

    public static TestImage Image => _image.Value;

    internal static Lazy<TestImage> Lazy => _image;

    private static TestImage Build()
    {
        var lower = new LayerBuilder()
            .Directory("/data")
            .File(RemovedFile, "removed by the whiteout in layer 2\n")
            .File(KeptFile, KeptContent)
            .Directory(OpaqueDirectory)
            .File(OpaqueHiddenFile, "hidden by the opaque marker in layer 2\n")
            .Directory(OpaqueHiddenDirectory)
            .File(OpaqueHiddenDirectory + "/old.txt", "hidden too\n")
            .Build(LayerCompression.Gzip, "layer 1 (gzip): files the next layer removes");

        var middle = new LayerBuilder()
            .Directory("/data")
            .Whiteout(RemovedFile)
            .Directory(OpaqueDirectory)
            .OpaqueMarker(OpaqueDirectory)
            .File(OpaqueNewFile, "the only file of the opaque directory\n")
            .Directory("/links")
            .File(HardlinkTarget, HardlinkContent)
            .Hardlink(Hardlink, HardlinkTarget)
            .Symlink(AbsoluteSymlink, AbsoluteSymlinkTarget)
            .Fifo(Fifo)
            .Directory("/xattrs")
            .File(XattrFile, "has an xattr\n", xattrs: new Dictionary<string, string> { [XattrName] = XattrValue })
            .Build(LayerCompression.Zstd, "layer 2 (zstd): whiteout, opaque directory, hardlink, absolute symlink, fifo, xattr");

        var upper = new LayerBuilder()
            .Directory("/usr")
            .Directory("/usr/local")
            .Directory("/usr/local/bin")
            .File(SetuidFile, "#!/bin/sh\necho setuid\n", SetuidFileMode)
            .Directory(SetgidDirectory, SetgidDirectoryMode, gid: 1000)
            .Directory("/home/app", uid: 1000, gid: 1000)
            .File(OwnedFile, "owned by app\n", OwnedFileMode, OwnedFileUid, OwnedFileGid)
            .Build(LayerCompression.None, "layer 3 (uncompressed): setuid file, setgid directory, owned file");

        return TestImageBuilder.From(TestImages.Busybox)
            .AddLayer(lower)
            .AddLayer(middle)
            .AddLayer(upper)
            .AddEnv("CRISP_IMAGE", "multi-layer")
            .WithLabel("org.crisp.test", "multi-layer")
            .WithAnnotation("org.opencontainers.image.title", "multi-layer")
            .Build();
    }
}

/// <summary>
/// <see cref="TestImages.Configured"/>: busybox with every runtime config setting, for CreateContainer tests.
/// </summary>
public static class ConfiguredImage
{
    public static readonly IReadOnlyList<string> Entrypoint = ["/bin/sh", "-c"];
    public static readonly IReadOnlyList<string> Cmd = ["echo configured"];
    public static readonly IReadOnlyList<string> Env = [TestImages.PathEnv, "GREETING=hello", "EMPTY="];
    public const string WorkingDir = "/home/app";

    /// <summary>A user name: /etc/passwd resolves it to 1000:1000, /etc/group adds supplementary group 100 (users).</summary>
    public const string User = "app";

    public const string StopSignal = "SIGINT";
    public static readonly IReadOnlyList<string> ExposedPorts = ["8080/tcp", "5353/udp"];
    public static readonly IReadOnlyList<string> Volumes = ["/data"];
    public const string LabelName = "org.crisp.test";
    public const string LabelValue = "configured";

    private static readonly Lazy<TestImage> _image = new(Build);

    public static TestImage Image => _image.Value;

    internal static Lazy<TestImage> Lazy => _image;

    private static TestImage Build()
    {
        var builder = TestImageBuilder.From(TestImages.Busybox)
            .WithEntrypoint([.. Entrypoint])
            .WithCmd([.. Cmd])
            .WithEnv([.. Env])
            .WithWorkingDir(WorkingDir)
            .WithUser(User)
            .WithStopSignal(StopSignal)
            .WithLabel(LabelName, LabelValue)
            .AddEmptyLayerHistory("ENV/USER/WORKDIR/ENTRYPOINT/CMD (config only)")
            .WithAnnotation("org.opencontainers.image.title", "configured");
        foreach (var port in ExposedPorts)
        {
            builder.WithExposedPort(port);
        }

        foreach (var volume in Volumes)
        {
            builder.WithVolume(volume);
        }

        return builder.Build();
    }
}
