using System.Diagnostics;
using static Crisp.IntegrationTests.Harness.Registry.LayerBuilder;

namespace Crisp.IntegrationTests.Harness.Registry;

/// <summary>
/// Ready-made images, built once per test process (the properties are lazy and the results immutable, so tests
/// share them). Push them with <see cref="TestRegistry.PushAsync(TestImage, string, string?, CancellationToken)"/>.
/// </summary>
public static class TestImages
{
    public const string BusyboxHostPath = "/bin/busybox";
    public const string PathEnv = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>The busybox image's /etc/passwd.</summary>
    public const string EtcPasswd = """
        root:x:0:0:root:/root:/bin/sh
        nobody:x:65534:65534:nobody:/nonexistent:/bin/false
        app:x:1000:1000:app:/home/app:/bin/sh

        """;

    /// <summary>The busybox image's /etc/group; "app" is also in "users" (100), a supplementary group.</summary>
    public const string EtcGroup = """
        root:x:0:
        users:x:100:app
        nobody:x:65534:
        app:x:1000:

        """;

    /// <summary>The pause image's /pause: sleeps until SIGTERM or SIGINT, then exits 0 (as registry.k8s.io/pause does).</summary>
    public const string PauseScript = """
        #!/bin/sh
        # crisp test pause: sleep until SIGTERM/SIGINT, then exit 0; as PID 1 the shell's wait reaps orphans.
        trap 'exit 0' TERM INT
        sleep 2147483647 &
        wait

        """;

    /// <summary>The name of the path-traversal entry in <see cref="PathTraversal"/>'s top layer.</summary>
    public const string PathTraversalEntry = "../escape";

    /// <summary>In <see cref="SymlinkEscape"/>: a symlink to the host's /tmp ...</summary>
    public const string SymlinkEscapeLink = "escape";

    /// <summary>... and a file written through it, later in the same layer; it must not appear in the host's /tmp.</summary>
    public const string SymlinkEscapeFile = "escape/crisp-symlink-escape-canary";

    private static readonly Lazy<IReadOnlyList<string>> _applets = new(ListApplets);
    private static readonly Lazy<TestLayer> _busyboxLayer = new(BuildBusyboxLayer);
    private static readonly Lazy<TestImage> _busybox = new(() => BusyboxFor(OciPlatform.Host));
    private static readonly Lazy<TestImage> _busyboxDocker = new(() => BusyboxFor(OciPlatform.Host, ImageFormat.Docker));
    private static readonly Lazy<TestImageIndex> _multiArch = new(() => BuildMultiArch(ImageFormat.Oci));
    private static readonly Lazy<TestImageIndex> _multiArchDocker = new(() => BuildMultiArch(ImageFormat.Docker));
    private static readonly Lazy<TestImage> _pause = new(BuildPause);
    private static readonly Lazy<TestImage> _pathTraversal = new(BuildPathTraversal);
    private static readonly Lazy<TestImage> _symlinkEscape = new(BuildSymlinkEscape);

    /// <summary>What <c>busybox --list</c> prints on this host (each is a symlink /bin/&lt;applet&gt; → busybox).</summary>
    public static IReadOnlyList<string> BusyboxApplets => _applets.Value;

    /// <summary>
    /// The single gzip layer of <see cref="Busybox"/>: /bin/busybox from the host (its real mode and mtime), a symlink
    /// per applet, /etc/passwd, /etc/group, /etc/hostname, /tmp (1777), /root (0700), /home/app (1000:1000), and
    /// empty /dev, /proc, /sys, /usr, /var.
    /// </summary>
    public static TestLayer BusyboxLayer => _busyboxLayer.Value;

    /// <summary>Busybox, OCI, for this host's platform (linux/amd64 here). Cmd ["sh"], Env PATH.</summary>
    public static TestImage Busybox => _busybox.Value;

    /// <summary>The same busybox as a Docker schema 2 image (same layer blob, Docker media types).</summary>
    public static TestImage BusyboxDocker => _busyboxDocker.Value;

    /// <summary>
    /// An OCI index: linux/amd64, linux/arm64/v8, linux/arm/v7. Every entry has the busybox layer (so only the
    /// host's entry actually runs) and its own config naming its architecture and variant.
    /// </summary>
    public static TestImageIndex MultiArch => _multiArch.Value;

    /// <summary><see cref="MultiArch"/> as a Docker manifest list over Docker schema 2 manifests.</summary>
    public static TestImageIndex MultiArchDocker => _multiArchDocker.Value;

    /// <summary>Busybox plus three layers of whiteouts, links, special files and xattrs; see <see cref="MultiLayerImage"/>.</summary>
    public static TestImage MultiLayer => MultiLayerImage.Image;

    /// <summary>Busybox with every config setting; see <see cref="ConfiguredImage"/>.</summary>
    public static TestImage Configured => ConfiguredImage.Image;

    /// <summary>
    /// A pause image for <c>pause_image</c> tests (push it as "pause:3.10"): busybox plus the shell script
    /// <see cref="PauseScript"/> at /pause (0755), Entrypoint ["/pause"], no Cmd, so CRI-O's default
    /// <c>pause_command = "/pause"</c> runs it.
    /// </summary>
    public static TestImage Pause => _pause.Value;

    /// <summary>Busybox plus a layer holding a regular file named <see cref="PathTraversalEntry"/> ("../escape"). A pull must fail.</summary>
    public static TestImage PathTraversal => _pathTraversal.Value;

    /// <summary>
    /// Busybox plus a layer with a symlink <see cref="SymlinkEscapeLink"/> → "/tmp" followed by the regular file
    /// <see cref="SymlinkEscapeFile"/>; an unpacker that follows the link writes into the host's /tmp.
    /// </summary>
    public static TestImage SymlinkEscape => _symlinkEscape.Value;

    /// <summary>Busybox for any platform and format (the host's busybox layer, a config naming that platform).</summary>
    public static TestImage BusyboxFor(OciPlatform platform, ImageFormat format = ImageFormat.Oci) =>
        new TestImageBuilder(format)
            .WithPlatform(platform)
            .AddLayer(BusyboxLayer)
            .WithEnv(PathEnv)
            .WithCmd("sh")
            .WithAnnotation("org.opencontainers.image.title", "busybox")
            .Build();

    /// <summary>
    /// <paramref name="baseImage"/> plus one small gzip layer holding /crisp-unique/&lt;guid&gt;: an image whose top
    /// layer no other test has. Use it for destructive tests (<see cref="TestRegistry.CorruptBlob(string)"/>, deletes)
    /// on a shared registry, where blobs are shared between every repository.
    /// </summary>
    public static TestImage WithUniqueLayer(TestImage baseImage)
    {
        var id = Guid.NewGuid().ToString("N");
        return TestImageBuilder.From(baseImage)
            .AddLayer(l => l.Directory("/crisp-unique").File($"/crisp-unique/{id}", id + "\n"), createdBy: $"unique layer {id}")
            .Build();
    }

    /// <summary>Whether a digest is a blob or manifest of a ready-made image built so far (shared by many tests).</summary>
    internal static bool IsReadyMadeBlob(string digest)
    {
        IEnumerable<TestImage> images =
        [
            .. Created(_busybox), .. Created(_busyboxDocker), .. Created(_pause), .. Created(_pathTraversal), .. Created(_symlinkEscape),
            .. Created(MultiLayerImage.Lazy), .. Created(ConfiguredImage.Lazy),
            .. (_multiArch.IsValueCreated ? _multiArch.Value.Images : []), .. (_multiArchDocker.IsValueCreated ? _multiArchDocker.Value.Images : []),
        ];
        return (_busyboxLayer.IsValueCreated && _busyboxLayer.Value.Digest == digest)
            || images.Any(i => i.Digest == digest || i.Blobs.Any(b => b.Digest == digest))
            || (_multiArch.IsValueCreated && _multiArch.Value.Digest == digest)
            || (_multiArchDocker.IsValueCreated && _multiArchDocker.Value.Digest == digest);

        static IEnumerable<TestImage> Created(Lazy<TestImage> lazy) => lazy.IsValueCreated ? [lazy.Value] : [];
    }

    private static IReadOnlyList<string> ListApplets()
    {
        var start = new ProcessStartInfo(BusyboxHostPath, "--list") { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not run {BusyboxHostPath}");
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{BusyboxHostPath} --list exited with {process.ExitCode}");
        }

        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(a => a != "busybox" && !a.Contains('/'))
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    private static TestLayer BuildBusyboxLayer()
    {
        if (!File.Exists(BusyboxHostPath))
        {
            throw new FileNotFoundException($"{BusyboxHostPath} is missing: install busybox-static (scripts/deps.sh)");
        }

        var layer = new LayerBuilder()
            .Directory("/bin")
            .File("/bin/busybox", File.ReadAllBytes(BusyboxHostPath), File.GetUnixFileMode(BusyboxHostPath),
                mtime: File.GetLastWriteTimeUtc(BusyboxHostPath));
        foreach (var applet in BusyboxApplets)
        {
            layer.Symlink("/bin/" + applet, "busybox");
        }

        return layer
            .Directory("/dev")
            .Directory("/etc")
            .File("/etc/group", EtcGroup)
            .File("/etc/hostname", "busybox\n")
            .File("/etc/passwd", EtcPasswd)
            .Directory("/home")
            .Directory("/home/app", uid: 1000, gid: 1000)
            .Directory("/proc", Octal("555"))
            .Directory("/root", Octal("700"))
            .Directory("/sys", Octal("555"))
            .Directory("/tmp", Octal("1777"))
            .Directory("/usr")
            .Directory("/var")
            .Build(LayerCompression.Gzip, $"COPY {BusyboxHostPath} (busybox-static) with applet links and a minimal /etc");
    }

    private static TestImageIndex BuildMultiArch(ImageFormat format) => TestImageIndex.Create(
        [
            BusyboxFor(OciPlatform.LinuxAmd64, format),
            BusyboxFor(OciPlatform.LinuxArm64V8, format),
            BusyboxFor(OciPlatform.LinuxArmV7, format),
        ],
        new Dictionary<string, string> { ["org.opencontainers.image.title"] = "busybox multi-arch" });

    private static TestImage BuildPause() =>
        TestImageBuilder.From(Busybox)
            .AddLayer(l => l.File("/pause", PauseScript, Octal("755")), createdBy: "COPY pause /pause")
            .WithEntrypoint("/pause")
            .WithCmd(null)
            .WithAnnotation("org.opencontainers.image.title", "pause")
            .Build();

    private static TestImage BuildPathTraversal() =>
        TestImageBuilder.From(Busybox)
            .AddLayer(l => l.RawFile(PathTraversalEntry, "escaped\n"), createdBy: "hostile: ../escape")
            .Build();

    private static TestImage BuildSymlinkEscape() =>
        TestImageBuilder.From(Busybox)
            .AddLayer(l => l.Symlink(SymlinkEscapeLink, "/tmp").File(SymlinkEscapeFile, "escaped\n"), createdBy: "hostile: write through a symlink")
            .Build();
}
