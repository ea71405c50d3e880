using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Crisp.IntegrationTests.Harness;
using Crisp.IntegrationTests.Harness.Registry;
using Grpc.Core;
using Runtime.V1;
using Shouldly;

namespace Crisp.IntegrationTests;

/// <summary>
/// The Prometheus endpoint of the real daemon, scraped over TCP and the Unix metrics socket and read by an independent
/// parser (python3-prometheus-client).
/// </summary>
public sealed class MetricsTests(SharedRegistries registries)
{
    private const string Prefix = "container_runtime_crisp_";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Action<CrispDaemonFiles> Metrics(int port, string extra = "") => files => File.AppendAllText(files.ConfigFile, $"""

        [crio.metrics]
        enable_metrics = true
        metrics_port = {port}
        {extra}

        """);

    [Fact]
    public async Task Scrape_CountsTheCallsATestMade_AndTheFailedOne()
    {
        var port = PrometheusPage.FreePort();
        await using var daemon = await CrispDaemon.StartAsync(Metrics(port));
        var before = await PrometheusPage.ScrapeAsync(port);
        const int calls = 5;

        for (var i = 0; i < calls; i++)
        {
            await daemon.Runtime.VersionAsync(new VersionRequest(), cancellationToken: Ct);
        }

        var failed = await Should.ThrowAsync<RpcException>(async () =>
            await daemon.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = "no-such-container" }, cancellationToken: Ct));
        failed.StatusCode.ShouldBe(StatusCode.NotFound);
        var after = await PrometheusPage.ScrapeAsync(port);

        string[] version = ["operation", "Version"];
        string[] status = ["operation", "ContainerStatus"];
        (after.Value(Prefix + "operations_total", version) - before.Value(Prefix + "operations_total", version)).ShouldBe(calls);
        after.Value(Prefix + "operations_total", status).ShouldBe(1);
        after.Value(Prefix + "operations_errors_total", status).ShouldBe(1);
        after.Find(Prefix + "operations_errors_total", version).ShouldBeNull("Version never failed");

        after.TypeOf(Prefix + "operations_latency_seconds_count").ShouldBe("histogram");
        var count = after.Value(Prefix + "operations_latency_seconds_count", version);
        (count - before.Value(Prefix + "operations_latency_seconds_count", version)).ShouldBe(calls);
        after.Value(Prefix + "operations_latency_seconds_bucket", [.. version, "le", "+Inf"]).ShouldBe(count);
        after.Value(Prefix + "operations_latency_seconds_sum", version).ShouldBeGreaterThan(0);
        after.Value(Prefix + "operations_latency_seconds_total_count", status).ShouldBe(1);
        after.TypeOf(Prefix + "operations_latency_seconds_total_count").ShouldBe("summary");

        after.TypeOf(Prefix + "processes_defunct").ShouldBe("gauge");
        after.Find(Prefix + "processes_defunct").ShouldNotBeNull();
        after.Value(Prefix + "containers_events_dropped_total").ShouldBe(0);
        after.Value("process_resident_memory_bytes").ShouldBeGreaterThan(0);
        after.Value("process_open_fds").ShouldBeGreaterThan(0);
        after.Find("dotnet_gc_collections_total", "generation", "0").ShouldNotBeNull();
    }

    [Fact]
    public async Task MetricsSocket_ServesTheSamePage_AndIsRemovedAtStop()
    {
        var port = PrometheusPage.FreePort();
        string? socket = null;
        var daemon = await CrispDaemon.StartAsync(files =>
        {
            socket = Path.Combine(files.RunRoot, "metrics.sock");
            Metrics(port, $"metrics_socket = \"{socket}\"")(files);
        });
        await using (daemon)
        {
            await daemon.Runtime.VersionAsync(new VersionRequest(), cancellationToken: Ct);
            var overSocket = await PrometheusPage.ScrapeSocketAsync(socket!);
            var overTcp = await PrometheusPage.ScrapeAsync(port);

            overSocket.Value(Prefix + "operations_total", "operation", "Version").ShouldBeGreaterThanOrEqualTo(1);
            overSocket.Samples.Select(s => s.Name).Distinct().Order().ShouldBe(overTcp.Samples.Select(s => s.Name).Distinct().Order());
            await daemon.StopAsync();
        }

        File.Exists(socket).ShouldBeFalse("the daemon removes its metrics socket when it stops");
    }

    [Fact]
    public async Task MetricsCertAndKey_ServeOverHttps()
    {
        var port = PrometheusPage.FreePort();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        await using var daemon = await CrispDaemon.StartAsync(files =>
        {
            var cert = Path.Combine(Path.GetDirectoryName(files.Root)!, "metrics.crt");
            var keyFile = Path.Combine(Path.GetDirectoryName(files.Root)!, "metrics.key");
            File.WriteAllText(cert, certificate.ExportCertificatePem());
            File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
            Metrics(port, $"metrics_cert = \"{cert}\"\nmetrics_key = \"{keyFile}\"")(files);
        });
        var expected = certificate.GetCertHashString();
        string? presented = null;
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, cert, _, _) =>
            {
                presented = cert?.GetCertHashString();
                return true;
            },
        };
        using var client = new HttpClient(handler);

        var text = await client.GetStringAsync(new Uri($"https://127.0.0.1:{port}/metrics"), Ct);

        presented.ShouldBe(expected);
        var page = await PrometheusPage.ParseAsync(text);
        page.Value(Prefix + "operations_total", "operation", "Version").ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task MetricsCollectors_SelectsFamilies_WithOrWithoutPrefix()
    {
        var port = PrometheusPage.FreePort();
        await using var daemon = await CrispDaemon.StartAsync(
            Metrics(port, """metrics_collectors = ["crio_operations_total", "container_runtime_crisp_image_pulls_success_total"]"""));
        await daemon.Runtime.VersionAsync(new VersionRequest(), cancellationToken: Ct);

        var page = await PrometheusPage.ScrapeAsync(port);

        page.Samples.Select(s => s.Family).Distinct().Order().ShouldBe([Prefix + "image_pulls_success", Prefix + "operations"]);
    }

    [Fact]
    public async Task PullImage_CountsSuccessBytesReuseAndFailure()
    {
        var registry = await registries.AnonymousAsync(Ct);
        var busybox = await registry.PushAsync(TestImages.Busybox, RepositoryNames.Unique(), "1.0", Ct);
        var multi = await registry.PushAsync(TestImages.MultiLayer, RepositoryNames.Unique(), "1.0", Ct);
        var port = PrometheusPage.FreePort();
        await using var daemon = await ImagePullTests.StartDaemonAsync(registry, configure: Metrics(port));

        await daemon.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = busybox.Reference } }, cancellationToken: Ct);
        var afterFirst = await PrometheusPage.ScrapeAsync(port);
        await daemon.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = multi.Reference } }, cancellationToken: Ct);
        await Should.ThrowAsync<RpcException>(async () => await daemon.Images.PullImageAsync(
            new PullImageRequest { Image = new ImageSpec { Image = busybox.Name + ":no-such-tag" } }, cancellationToken: Ct));
        var page = await PrometheusPage.ScrapeAsync(port);

        var layer = TestImages.Busybox.LayerDescriptors.ShouldHaveSingleItem();
        afterFirst.Value(Prefix + "image_pulls_success_total").ShouldBe(1);
        afterFirst.Samples.Where(s => s.Name == Prefix + "image_pulls_bytes_total").Sum(s => s.Value).ShouldBe(layer.Size);
        afterFirst.Value(Prefix + "image_pulls_bytes_total", "mediatype", layer.MediaType).ShouldBe(layer.Size);
        afterFirst.Value(Prefix + "image_pulls_layer_size_count").ShouldBe(1);
        afterFirst.Find(Prefix + "image_layer_reuse_total").ShouldBeNull("nothing was in the store before");

        page.Value(Prefix + "image_pulls_success_total").ShouldBe(2);
        page.Value(Prefix + "image_pulls_failure_total", "error", "NOT_FOUND").ShouldBe(1);
        page.Value(Prefix + "image_layer_reuse_total", "name", TestImages.Busybox.DiffIds[0]).ShouldBe(1);
        page.Samples.Where(s => s.Name == Prefix + "image_pulls_skipped_bytes_total").Sum(s => s.Value).ShouldBe(layer.Size);
        page.Samples.Where(s => s.Name == Prefix + "image_pulls_bytes_total").Sum(s => s.Value)
            .ShouldBe(TestImages.MultiLayer.LayerDescriptors.Sum(d => d.Size));
        page.Value(Prefix + "image_pulls_layer_size_count").ShouldBe(TestImages.MultiLayer.LayerDescriptors.Count);
    }

    [Fact]
    public async Task Disabled_NothingListens()
    {
        var port = PrometheusPage.FreePort();
        string? socket = null;
        await using var daemon = await CrispDaemon.StartAsync(files =>
        {
            socket = Path.Combine(files.RunRoot, "metrics.sock");
            File.AppendAllText(files.ConfigFile, $"""

                [crio.metrics]
                enable_metrics = false
                metrics_port = {port}
                metrics_socket = "{socket}"

                """);
        });
        await daemon.Runtime.VersionAsync(new VersionRequest(), cancellationToken: Ct);

        using var client = new TcpClient();
        var refused = await Should.ThrowAsync<SocketException>(async () => await client.ConnectAsync(IPAddress.Loopback, port, Ct));
        refused.SocketErrorCode.ShouldBe(SocketError.ConnectionRefused);
        File.Exists(socket).ShouldBeFalse();
    }

    [Fact]
    public async Task PortInUse_DaemonExits1WithAClearMessage_AndLeavesNothing()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        using var dir = new TempDirectory();
        var files = CrispDaemonFiles.Create(dir);

        var result = await CrispCli.RunAsync([.. files.DaemonArgs(), "--enable-metrics", "--metrics-port", $"{port}"], timeout: TimeSpan.FromSeconds(60));

        result.ExitCode.ShouldBe(1, result.ToString());
        result.StandardError.ShouldContain($"cannot serve metrics on 127.0.0.1:{port}: address already in use", customMessage: result.ToString());
        result.StandardError.ShouldNotContain("   at ", customMessage: "no stack trace: " + result);
        File.Exists(files.Socket).ShouldBeFalse("a daemon that failed to start must not leave its CRI socket");
        holder.Stop();
    }

    [Fact]
    public async Task MissingMetricsCert_DaemonExits1NamingTheFile()
    {
        using var dir = new TempDirectory();
        var files = CrispDaemonFiles.Create(dir);
        Metrics(PrometheusPage.FreePort(), "metrics_cert = \"/nonexistent/metrics.crt\"\nmetrics_key = \"/nonexistent/metrics.key\"")(files);

        var result = await CrispCli.RunAsync(files.DaemonArgs(), timeout: TimeSpan.FromSeconds(60));

        result.ExitCode.ShouldBe(1, result.ToString());
        result.StandardError.ShouldContain("cannot load the metrics certificate /nonexistent/metrics.crt", customMessage: result.ToString());
        File.Exists(files.Socket).ShouldBeFalse("a daemon that failed to start must not leave its CRI socket");
    }
}
