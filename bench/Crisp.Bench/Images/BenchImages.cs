using System.Globalization;
using Crisp.IntegrationTests.Harness.Registry;
using static Crisp.IntegrationTests.Harness.Registry.LayerBuilder;

namespace Crisp.Bench.Images;

/// <summary>
/// The images the pull benchmark pushes. <see cref="App"/> is shaped like a real application image, about 80 MB
/// unpacked in five layers:
/// <list type="number">
/// <item>busybox (<see cref="TestImages.BusyboxLayer"/>, gzip).</item>
/// <item>gzip, "distribution packages": ~2,000 entries, mostly small files (docs, locales, /etc), shared libraries with
/// soname symlinks, executables with hardlinks, absolute symlinks in /etc/alternatives.</item>
/// <item>zstd, "language runtime": ~1,000 source and extension files and a 12 MiB interpreter with a hardlink and a symlink.</item>
/// <item>gzip, "application": a 16 MiB server binary, an 8 MiB data file, many small web assets owned by 1000:1000.</item>
/// <item>gzip, "configuration": replaces files of lower layers, whites out a file and a directory, makes one directory opaque.</item>
/// </list>
/// Content comes from a seeded generator, so the digests are the same in every run. <see cref="AllGzip"/> is the same
/// image with the zstd layer recompressed as gzip (same diffIDs, other digests), for peers that cannot read zstd.
/// </summary>
internal static class BenchImages
{
    public const string AppTag = "1";
    public const string WarmupRepository = "crisp-bench/warmup";
    public const string WarmupTag = "1";

    private const int Seed = 20_251_123;
    private static readonly UnixFileMode _executable = Octal("755");

    /// <summary>Builds the benchmark image (a few seconds: most of it is gzip).</summary>
    public static TestImage App()
    {
        var content = new ContentGenerator(Seed);
        var packages = Enumerable.Range(0, 300).Select(i => $"pkg{i:D3}-{content.Name(1)}").ToArray();
        var languages = Enumerable.Range(0, 40).Select(i => $"l{i:D2}{content.Name(1)}").ToArray();
        return TestImageBuilder.From(TestImages.Busybox)
            .AddLayer(Packages(content, packages, languages))
            .AddLayer(Runtime(content))
            .AddLayer(Application(content))
            .AddLayer(Configuration(content, packages[0], languages[0]))
            .AddEnv("APP_HOME", "/app")
            .WithWorkingDir("/app")
            .WithCmd("/app/bin/server")
            .WithAnnotation("org.opencontainers.image.title", "crisp-bench app")
            .Build();
    }

    /// <summary>The same image with every layer gzip-compressed (the same tar streams, so the same diffIDs and image ID).</summary>
    public static TestImage AllGzip(TestImage image)
    {
        var builder = new TestImageBuilder(image.Format)
            .WithPlatform(image.Platform)
            .WithCreated(image.Created)
            .Configure(_ => image.Config);
        foreach (var layer in image.Layers)
        {
            builder.AddLayer(layer.WithCompression(LayerCompression.Gzip));
        }

        foreach (var (name, value) in image.Annotations)
        {
            builder.WithAnnotation(name, value);
        }

        return builder.Build();
    }

    /// <summary>
    /// A small image that shares no layer with <see cref="App"/> (one gzip and one zstd layer), pulled once by each
    /// fresh daemon before the timed pull so that the timing is not of the daemon's just-in-time compilation.
    /// </summary>
    public static TestImage Warmup()
    {
        var content = new ContentGenerator(Seed + 1);
        var gzip = new LayerBuilder().Directory("/warmup");
        var zstd = new LayerBuilder().Directory("/warmup-zstd");
        for (var i = 0; i < 40; i++)
        {
            gzip.File($"/warmup/{i:D3}.txt", content.Text(content.Size(200, 20_000)));
            zstd.File($"/warmup-zstd/{i:D3}.bin", content.Binary(content.Size(200, 60_000)));
        }

        gzip.Symlink("/warmup/link", "000.txt").Hardlink("/warmup/hardlink", "/warmup/000.txt");
        return new TestImageBuilder()
            .AddLayer(gzip.Build(LayerCompression.Gzip, "crisp-bench warm-up (gzip)"))
            .AddLayer(zstd.Build(LayerCompression.Zstd, "crisp-bench warm-up (zstd)"))
            .WithCmd("/bin/true")
            .Build();
    }

    private static TestLayer Packages(ContentGenerator content, string[] packages, string[] languages)
    {
        var layer = new LayerBuilder();
        foreach (var dir in new[] { "/etc", "/etc/alternatives", "/usr", "/usr/bin", "/usr/lib", "/usr/lib/x86_64-linux-gnu", "/usr/share", "/usr/share/doc", "/usr/share/locale" })
        {
            layer.Directory(dir);
        }

        foreach (var package in packages)
        {
            layer.Directory($"/usr/share/doc/{package}")
                .File($"/usr/share/doc/{package}/copyright", content.Text(content.Size(800, 6_000)))
                .File($"/usr/share/doc/{package}/changelog.Debian", content.Text(content.Size(1_000, 24_000)));
        }

        foreach (var language in languages)
        {
            layer.Directory($"/usr/share/locale/{language}").Directory($"/usr/share/locale/{language}/LC_MESSAGES");
            foreach (var package in packages.Take(20))
            {
                layer.File($"/usr/share/locale/{language}/LC_MESSAGES/{package}.mo", content.Binary(content.Size(300, 4_000)));
            }
        }

        for (var i = 0; i < 30; i++)
        {
            var name = $"lib{content.Name(1)}{i}";
            var real = $"{name}.so.{1 + (i % 4)}.{i % 7}.0";
            layer.File($"/usr/lib/x86_64-linux-gnu/{real}", content.Binary(content.Size(20_000, 800_000)))
                .Symlink($"/usr/lib/x86_64-linux-gnu/{name}.so.{1 + (i % 4)}", real)
                .Symlink($"/usr/lib/x86_64-linux-gnu/{name}.so", real);
        }

        // One big library, as most distributions have (libLLVM, libicudata, ...).
        layer.File("/usr/lib/x86_64-linux-gnu/libbig.so.15.0.0", content.Binary(6 << 20))
            .Symlink("/usr/lib/x86_64-linux-gnu/libbig.so.15", "libbig.so.15.0.0");

        for (var i = 0; i < 60; i++)
        {
            var tool = $"/usr/bin/{content.Name(1)}{i}";
            layer.File(tool, content.Binary(content.Size(10_000, 300_000)), _executable);
            if (i % 6 == 0)
            {
                layer.Hardlink($"{tool}-alias", tool, _executable);
            }

            if (i % 3 == 0)
            {
                layer.Symlink($"/etc/alternatives/{content.Name(1)}{i}", tool);
            }
        }

        for (var i = 0; i < 80; i++)
        {
            layer.File($"/etc/{content.Name(1)}{i}.conf", content.Text(content.Size(100, 3_000)));
        }

        return layer.Build(LayerCompression.Gzip, "apt-get install (docs, locales, libraries, tools)");
    }

    private static TestLayer Runtime(ContentGenerator content)
    {
        var layer = new LayerBuilder().Directory("/opt").Directory("/opt/runtime").Directory("/opt/runtime/bin").Directory("/opt/runtime/lib");
        for (var p = 0; p < 60; p++)
        {
            var package = $"/opt/runtime/lib/{content.Name(1)}{p}";
            layer.Directory(package);
            var modules = content.Next(5, 25);
            for (var m = 0; m < modules; m++)
            {
                layer.File($"{package}/{content.Name()}{m}.py", content.Text(content.Size(500, 30_000)));
            }

            if (p % 3 == 0)
            {
                layer.File($"{package}/_native{p}.so", content.Binary(content.Size(10_000, 250_000)), _executable);
            }
        }

        return layer
            .File("/opt/runtime/bin/runtime3.12", content.Binary(12 << 20), _executable)
            .Hardlink("/opt/runtime/bin/runtime3", "/opt/runtime/bin/runtime3.12", _executable)
            .Symlink("/opt/runtime/bin/runtime", "runtime3")
            .Symlink("/usr/bin/runtime", "/opt/runtime/bin/runtime")
            .Build(LayerCompression.Zstd, "install the language runtime (zstd)");
    }

    private static TestLayer Application(ContentGenerator content)
    {
        const int App = 1000;
        var layer = new LayerBuilder()
            .Directory("/app", uid: App, gid: App)
            .Directory("/app/bin", uid: App, gid: App)
            .Directory("/app/data", uid: App, gid: App)
            .Directory("/app/static", uid: App, gid: App)
            .Directory("/app/modules", uid: App, gid: App)
            .Directory("/app/config", uid: App, gid: App)
            .File("/app/bin/server", content.Binary(16 << 20), _executable, App, App)
            .Hardlink("/app/bin/server-debug", "/app/bin/server", _executable, App, App)
            .File("/app/data/model.bin", content.Binary(8 << 20), Octal("640"), App, App);
        for (var i = 0; i < 300; i++)
        {
            var extension = (i % 3) switch { 0 => "js", 1 => "css", _ => "svg" };
            layer.File($"/app/static/{content.Name()}-{i}.{extension}", content.Text(content.Size(1_000, 20_000)), uid: App, gid: App);
        }

        for (var m = 0; m < 120; m++)
        {
            var module = $"/app/modules/{content.Name(1)}{m}";
            layer.Directory(module, uid: App, gid: App)
                .File($"{module}/package.json", content.Text(content.Size(100, 1_500)), uid: App, gid: App)
                .File($"{module}/index.js", content.Text(content.Size(100, 4_000)), uid: App, gid: App)
                .File($"{module}/LICENSE", content.Text(content.Size(500, 1_100)), uid: App, gid: App);
            if (m % 4 == 0)
            {
                layer.Symlink($"{module}/main.js", "index.js", App, App);
            }
        }

        for (var i = 0; i < 10; i++)
        {
            layer.File($"/app/config/{content.Name(1)}{i}.json", content.Text(content.Size(100, 2_000)), uid: App, gid: App);
        }

        return layer.Build(LayerCompression.Gzip, "COPY --chown=app:app build/ /app/");
    }

    private static TestLayer Configuration(ContentGenerator content, string whitedOutPackage, string opaqueLanguage)
    {
        var layer = new LayerBuilder()
            .Directory("/etc")
            .File("/etc/passwd", TestImages.EtcPasswd + "server:x:1001:1001:server:/app:/bin/false\n")
            .File("/etc/hostname", "crisp-bench\n")
            .Directory("/usr")
            .Directory("/usr/share")
            .Directory("/usr/share/doc")
            .Whiteout("/usr/share/doc/" + whitedOutPackage)
            .Directory("/usr/share/locale")
            .Directory("/usr/share/locale/" + opaqueLanguage)
            .OpaqueMarker("/usr/share/locale/" + opaqueLanguage);
        for (var i = 0; i < 5; i++)
        {
            layer.File($"/usr/share/locale/{opaqueLanguage}/replacement{i}.mo", content.Binary(content.Size(300, 3_000)));
        }

        return layer
            .Directory("/app", uid: 1000, gid: 1000)
            .Directory("/app/config", uid: 1000, gid: 1000)
            .File("/app/config/production.json", content.Text(2_000), uid: 1000, gid: 1000)
            .Whiteout("/app/bin/server-debug")
            .Build(LayerCompression.Gzip, "configure for production");
    }

    /// <summary>"12.3 MiB".</summary>
    public static string Mib(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";
}
