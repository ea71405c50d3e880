using Crisp.Bench.Registry;
using Crisp.IntegrationTests.Harness.Registry;

namespace Crisp.Bench.Lifecycle;

/// <summary>
/// The images of a run, pushed to the bench registry: busybox (the containers' image, pulled once untimed, then
/// "PullImage (cached)" in every lifecycle), the pause image (containerd's sandbox_image and crisp's pause_image, as
/// the integration tests build it), and one image per lifecycle for "PullImage (uncached)": a single gzip layer with
/// busybox, its applet links and a file unique to that lifecycle, so no blob of it is in any daemon's store yet.
/// </summary>
internal sealed class LifecycleImages
{
    private const string Tag = "1";

    private LifecycleImages(string host, int uncachedCount)
    {
        Busybox = $"{host}/bench/busybox:{Tag}";
        Pause = $"{host}/bench/pause:3.10";
        Uncached = [.. Enumerable.Range(0, uncachedCount).Select(i => $"{host}/bench/uncached-{i}:{Tag}")];
    }

    public string Busybox { get; }

    public string Pause { get; }

    /// <summary>One image per lifecycle (warm-up ones included), same for every contestant; each daemon starts with an empty store.</summary>
    public IReadOnlyList<string> Uncached { get; }

    /// <summary>Compressed size of one uncached image's layer.</summary>
    public long UncachedLayerBytes { get; private set; }

    public static async Task<LifecycleImages> PushAsync(BenchRegistry registry, int uncachedCount, CancellationToken ct)
    {
        var images = new LifecycleImages(registry.Host, uncachedCount);
        await registry.Pusher.PushImageAsync("bench/busybox", TestImages.Busybox, Tag, ct);
        await registry.Pusher.PushImageAsync("bench/pause", TestImages.Pause, "3.10", ct);
        var busybox = File.ReadAllBytes(TestImages.BusyboxHostPath);
        var mode = File.GetUnixFileMode(TestImages.BusyboxHostPath);
        var run = Guid.NewGuid().ToString("N");
        for (var i = 0; i < uncachedCount; i++)
        {
            var layer = new LayerBuilder().Directory("/bin").File("/bin/busybox", busybox, mode);
            foreach (var applet in TestImages.BusyboxApplets)
            {
                layer.Symlink("/bin/" + applet, "busybox");
            }

            var built = layer.Directory("/etc").File("/etc/passwd", TestImages.EtcPasswd).File("/etc/group", TestImages.EtcGroup)
                .Directory("/tmp", LayerBuilder.Octal("1777"))
                .File("/bench-unique", $"lifecycle {i} of run {run}\n")
                .Build(LayerCompression.Gzip, $"crisp-bench uncached image {i}");
            images.UncachedLayerBytes = built.Size;
            var image = new TestImageBuilder().AddLayer(built).WithEnv(TestImages.PathEnv).WithCmd("sh").Build();
            await registry.Pusher.PushImageAsync($"bench/uncached-{i}", image, Tag, ct);
        }

        return images;
    }
}
