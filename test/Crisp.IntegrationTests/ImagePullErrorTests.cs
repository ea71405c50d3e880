using System.Net;
using System.Net.Sockets;
using Crisp.IntegrationTests.Harness;
using Crisp.IntegrationTests.Harness.Registry;
using Grpc.Core;
using Runtime.V1;
using Shouldly;

namespace Crisp.IntegrationTests;

/// <summary>Pulls that must fail with a clear status, leave nothing behind, and keep the daemon serving.</summary>
public sealed class ImagePullErrorTests(SharedRegistries registries)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<RpcException> PullFailsAsync(CrispDaemon daemon, string image)
    {
        var error = await Should.ThrowAsync<RpcException>(() => daemon.Images.PullImageAsync(
            new PullImageRequest { Image = new ImageSpec { Image = image } }, cancellationToken: Ct).ResponseAsync);
        daemon.HasExited.ShouldBeFalse();
        (await daemon.Runtime.VersionAsync(new VersionRequest(), cancellationToken: Ct)).RuntimeName.ShouldBe("crisp");
        (await daemon.Images.ListImagesAsync(new ListImagesRequest(), cancellationToken: Ct)).Images.ShouldBeEmpty();
        LayerDirectories(daemon).ShouldBe(0, "no partial layer may be left");
        return error;
    }

    private static int LayerDirectories(CrispDaemon daemon)
    {
        var overlay = Path.Combine(daemon.Files.Root, "overlay");
        var staging = Path.Combine(overlay, ".staging");
        return Directory.GetDirectories(overlay).Count(d => Path.GetFileName(d).Length == 64)
            + (Directory.Exists(staging) ? Directory.GetFileSystemEntries(staging).Length : 0);
    }

    [Fact]
    public async Task UnknownImage_NotFoundNamingImageAndRegistry()
    {
        var registry = await registries.AnonymousAsync(Ct);
        await using var daemon = await ImagePullTests.StartDaemonAsync(registry);
        var image = $"{registry.Host}/crisp-test/does-not-exist:1";

        var error = await PullFailsAsync(daemon, image);

        error.StatusCode.ShouldBe(StatusCode.NotFound, error.Status.Detail);
        error.Status.Detail.ShouldContain("crisp-test/does-not-exist");
        error.Status.Detail.ShouldContain(registry.Host);
    }

    [Fact]
    public async Task BlockedRegistry_FailedPrecondition()
    {
        var registry = await registries.AnonymousAsync(Ct);
        var pushed = await registry.PushAsync(TestImages.Busybox, RepositoryNames.Unique(), "blocked", Ct);
        await using var daemon = await CrispDaemon.StartAsync(files => File.WriteAllText(files.RegistriesConf, $"""
            [[registry]]
            location = "{registry.Host}"
            insecure = true
            blocked = true
            """));

        var error = await PullFailsAsync(daemon, pushed.Reference);

        error.StatusCode.ShouldBe(StatusCode.FailedPrecondition, error.Status.Detail);
        error.Status.Detail.ShouldContain("blocked");
    }

    [Fact]
    public async Task ShortNameEnforcingWithSeveralSearchRegistries_Ambiguous()
    {
        var registry = await registries.AnonymousAsync(Ct);
        await using var daemon = await ImagePullTests.StartDaemonAsync(registry, $"unqualified-search-registries = [\"{registry.Host}\", \"127.0.0.1:1\"]");

        var error = await PullFailsAsync(daemon, "crisp-test/short");

        error.StatusCode.ShouldBe(StatusCode.FailedPrecondition, error.Status.Detail);
        error.Status.Detail.ShouldContain("ambiguous", Case.Insensitive);
    }

    [Fact]
    public async Task SignaturePolicyRejects_FailedPrecondition()
    {
        var registry = await registries.AnonymousAsync(Ct);
        var pushed = await registry.PushAsync(TestImages.Busybox, RepositoryNames.Unique(), "rejected", Ct);
        await using var daemon = await ImagePullTests.StartDaemonAsync(registry, configure: files =>
            File.WriteAllText(files.SignaturePolicy, """{ "default": [ { "type": "reject" } ] }"""));

        var error = await PullFailsAsync(daemon, pushed.Reference);

        error.StatusCode.ShouldBe(StatusCode.FailedPrecondition, error.Status.Detail);
        error.Status.Detail.ShouldContain("rejected");
    }

    [Fact]
    public async Task CorruptedBlob_DataLossAndNoPartialLayer()
    {
        var registry = await TestRegistry.StartAsync(ct: Ct);
        await using (registry)
        {
            var image = TestImages.WithUniqueLayer(TestImages.Busybox);
            var pushed = await registry.PushAsync(image, RepositoryNames.Unique(), "corrupt", Ct);
            registry.CorruptBlob(image.Layers[^1].Digest);
            await using var daemon = await ImagePullTests.StartDaemonAsync(registry);

            var error = await PullFailsAsync(daemon, pushed.Reference);

            error.StatusCode.ShouldBeOneOf([StatusCode.DataLoss, StatusCode.Unavailable], error.Status.Detail);
            error.Status.Detail.ShouldContain("sha256", Case.Insensitive);
        }
    }

    [Fact]
    public async Task LayerWithDotDotPath_RefusedAndNothingWrittenOutside()
    {
        var registry = await registries.AnonymousAsync(Ct);
        var pushed = await registry.PushAsync(TestImages.PathTraversal, RepositoryNames.Unique(), "evil", Ct);
        await using var daemon = await ImagePullTests.StartDaemonAsync(registry);

        var error = await PullFailsAsync(daemon, pushed.Reference);

        error.StatusCode.ShouldBe(StatusCode.DataLoss, error.Status.Detail);
        error.Status.Detail.ShouldContain("escape");
        File.Exists(Path.Combine(daemon.Files.Root, "overlay", "escape")).ShouldBeFalse();
    }

    [Fact]
    public async Task RegistryThatHangs_PullFailsWithinTheProgressTimeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var host = $"127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";
        var accepted = new List<Socket>();
        var accepting = Task.Run(async () =>
        {
            while (true)
            {
                accepted.Add(await silent.AcceptSocketAsync(Ct));
            }
        }, Ct);
        await using var daemon = await CrispDaemon.StartAsync(files =>
        {
            File.WriteAllText(files.RegistriesConf, $"[[registry]]\nlocation = \"{host}\"\ninsecure = true\n");
            File.AppendAllText(files.ConfigFile, "\n[crio.image]\npull_progress_timeout = \"3s\"\n");
        });

        try
        {
            var error = await PullFailsAsync(daemon, $"{host}/hang/forever:1");

            error.StatusCode.ShouldBe(StatusCode.Unavailable, error.Status.Detail);
            error.Status.Detail.ShouldContain(host);
        }
        finally
        {
            silent.Stop();
            foreach (var socket in accepted)
            {
                socket.Dispose();
            }
        }
    }
}
