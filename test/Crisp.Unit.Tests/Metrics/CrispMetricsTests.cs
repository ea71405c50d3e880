using Crisp.Core.Metrics;
using Crisp.Images.Pull;
using Shouldly;

namespace Crisp.Unit.Tests.Metrics;

public sealed class CrispMetricsTests
{
    [Theory]
    [InlineData("operations_total", "operations_total")]
    [InlineData("crio_operations_total", "operations_total")]
    [InlineData("container_runtime_crio_operations_total", "operations_total")]
    [InlineData("container_runtime_crisp_operations_total", "operations_total")]
    [InlineData("crisp_image_pulls_success_total", "image_pulls_success_total")]
    [InlineData("operations", "operations_total")]
    [InlineData("image_pulls_failures", "image_pulls_failure_total")]
    [InlineData("containers_oom", "containers_oom_count_total")]
    [InlineData(" process ", "process")]
    public void Normalize_StripsSubsystemAndPrefix_MapsLegacyNames(string entry, string expected) =>
        MetricCollectors.Normalize(entry).ShouldBe(expected);

    [Fact]
    public void Render_OnlySelectedCollectors()
    {
        var metrics = new CrispMetrics(() => 0);
        metrics.OperationCompleted("Version", TimeSpan.FromMilliseconds(3), failed: false);
        metrics.OperationCompleted("Version", TimeSpan.FromMilliseconds(3), failed: true);

        var page = metrics.Registry.Render(MetricCollectors.Select(["crio_operations_errors_total"]));

        page.ShouldBe(
            "# HELP container_runtime_crisp_operations_errors_total Cumulative number of crisp operation errors by operation type.\n" +
            "# TYPE container_runtime_crisp_operations_errors_total counter\n" +
            "container_runtime_crisp_operations_errors_total{operation=\"Version\"} 1\n");
    }

    [Fact]
    public void Render_DefaultSelection_HasEveryFamilyAndTheRuntimeFigures()
    {
        var metrics = new CrispMetrics(() => 42);
        metrics.OperationCompleted("Status", TimeSpan.FromMilliseconds(1), failed: false);
        metrics.LayerPulled("application/vnd.oci.image.layer.v1.tar+gzip", 2_000_000);
        metrics.LayerReused("sha256:abc", 500);
        metrics.PullSucceeded();
        metrics.PullFailed(ImagePullFailure.NotFound);
        metrics.ContainerOomKilled("k8s_app_pod_ns_uid_0");

        var page = metrics.Registry.Render(MetricCollectors.Select(Crisp.Config.MetricsConfig.AllCollectors));

        page.ShouldContain("container_runtime_crisp_operations_total{operation=\"Status\"} 1\n");
        page.ShouldContain("container_runtime_crisp_operations_latency_seconds_count{operation=\"Status\"} 1\n");
        page.ShouldContain("container_runtime_crisp_operations_latency_seconds_total_count{operation=\"Status\"} 1\n");
        page.ShouldContain("container_runtime_crisp_image_pulls_bytes_total{mediatype=\"application/vnd.oci.image.layer.v1.tar+gzip\",size=\">1 MiB\"} 2000000\n");
        page.ShouldContain("container_runtime_crisp_image_pulls_layer_size_bucket{le=\"10000000\"} 1\n");
        page.ShouldContain("container_runtime_crisp_image_pulls_skipped_bytes_total{size=\">0 B\"} 500\n");
        page.ShouldContain("container_runtime_crisp_image_layer_reuse_total{name=\"sha256:abc\"} 1\n");
        page.ShouldContain("container_runtime_crisp_image_pulls_success_total 1\n");
        page.ShouldContain("container_runtime_crisp_image_pulls_failure_total{error=\"NOT_FOUND\"} 1\n");
        page.ShouldContain("container_runtime_crisp_containers_oom_total 1\n");
        page.ShouldContain("container_runtime_crisp_containers_oom_count_total{name=\"k8s_app_pod_ns_uid_0\"} 1\n");
        page.ShouldContain("container_runtime_crisp_containers_events_dropped_total 42\n");
        page.ShouldContain("# TYPE container_runtime_crisp_processes_defunct gauge\n");
        page.ShouldContain("# TYPE process_resident_memory_bytes gauge\n");
        page.ShouldContain("dotnet_gc_collections_total{generation=\"0\"}");
    }

    [Fact]
    public void Render_WithoutRuntimeCollectors_HasNoProcessOrDotnetFigures()
    {
        var page = new CrispMetrics(() => 0).Registry.Render(MetricCollectors.Select(["operations_total", "image_pulls_success_total"]));

        page.ShouldNotContain("process_");
        page.ShouldNotContain("dotnet_");
        page.ShouldContain("container_runtime_crisp_image_pulls_success_total 0\n");
    }

    [Theory]
    [InlineData(0, ">0 B")]
    [InlineData(1000, ">0 B")]
    [InlineData(1001, ">1 KiB")]
    [InlineData(20_000_000, ">10 MiB")]
    [InlineData(20_000_000_000, ">10 GiB")]
    public void SizeLabel_AsCrio(double bytes, string expected) => CrispMetrics.SizeLabel(bytes).ShouldBe(expected);

    [Fact]
    public void DefunctState_ReadsTheFieldAfterTheCommand()
    {
        DefunctProcesses.State("123 (a) b) c) Z 1 2 3").ShouldBe('Z');
        DefunctProcesses.State("1 (init) S 0 1 1").ShouldBe('S');
        DefunctProcesses.State("garbage").ShouldBe('?');
    }

    [Fact]
    public void DefunctCount_CountsZombiesInAProcTree()
    {
        var proc = Directory.CreateTempSubdirectory("crisp-proc-");
        try
        {
            foreach (var (pid, state) in new[] { ("1", 'S'), ("20", 'Z'), ("31", 'Z'), ("44", 'R') })
            {
                Directory.CreateDirectory(Path.Combine(proc.FullName, pid));
                File.WriteAllText(Path.Combine(proc.FullName, pid, "stat"), $"{pid} (x y) {state} 1 1 1");
            }

            Directory.CreateDirectory(Path.Combine(proc.FullName, "sys"));
            DefunctProcesses.Count(proc.FullName).ShouldBe(2);
        }
        finally
        {
            proc.Delete(recursive: true);
        }
    }
}
