using Shouldly;
using Xunit;

namespace Crisp.Config.Tests;

public sealed class ConfigWriterTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Write_Defaults_LoadBackEqual(bool systemd)
    {
        var defaults = CrispDefaults.Create(systemd);
        var text = ConfigWriter.Write(defaults);

        // Load with the opposite probe so every host-dependent value must come from the text.
        var loaded = new ConfigLoader(new FakeSystemdProbe(!systemd)).LoadText(text, "written.conf");

        loaded.Warnings.ShouldBeEmpty();
        loaded.Config.ShouldBe(defaults);
    }

    [Fact]
    public void Write_CustomizedConfig_LoadsBackEqual()
    {
        var config = Customized();

        var text = ConfigWriter.Write(config);
        var loaded = Loaders.NoSystemd().LoadText(text, "written.conf");

        loaded.Warnings.ShouldBeEmpty();
        loaded.Config.ShouldBe(config);
    }

    [Fact]
    public void Write_UsesCrioTableLayout()
    {
        var text = ConfigWriter.Write(Customized());

        var headers = text.Split('\n').Where(l => l.StartsWith('[')).ToList();
        headers.ShouldBe(
        [
            "[crio]",
            "[crio.api]",
            "[crio.runtime]",
            "[crio.runtime.runtimes.kata]",
            "[crio.runtime.runtimes.\"my.runc\"]",
            "[crio.runtime.runtimes.runc]",
            "[crio.runtime.workloads.management]",
            "[crio.runtime.workloads.management.resources]",
            "[crio.image]",
            "[crio.network]",
            "[crio.metrics]",
            "[crio.tracing]",
            "[crio.stats]",
            "[crio.nri]",
        ]);
    }

    [Fact]
    public void Write_EveryKeyHasACommentLine()
    {
        var lines = ConfigWriter.Write(CrispDefaults.Create(false)).Split('\n');

        var keyLines = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains(" = ", StringComparison.Ordinal) && !lines[i].StartsWith('#')).ToList();
        keyLines.Count.ShouldBeGreaterThan(100);
        foreach (var i in keyLines)
        {
            lines[i - 1].ShouldStartWith("# ", customMessage: $"key line '{lines[i]}' has no comment");
        }
    }

    [Fact]
    public void Write_RendersCrioValueTypes()
    {
        var text = ConfigWriter.Write(CrispDefaults.Create(false));

        text.ShouldContain("\nstream_port = \"0\"\n");
        text.ShouldContain("\nctr_stop_timeout = 30\n");
        text.ShouldContain("\ndrop_infra_ctr = true\n");
        text.ShouldContain("\npull_progress_timeout = \"0s\"\n");
        text.ShouldContain("\nnri_plugin_registration_timeout = \"5s\"\n");
        text.ShouldContain("\nplugin_dirs = [\n  \"/opt/cni/bin/\",\n  \"/usr/lib/cni\",\n]\n");
        text.ShouldContain("\nplatform_runtime_paths = {}\n");
    }

    private static CrispConfig Customized()
    {
        var defaults = CrispDefaults.Create(false);
        var runc = defaults.Runtime.Runtimes["runc"] with
        {
            RuntimePath = "/usr/sbin/runc",
            PlatformRuntimePaths = ValueMap.Create(("linux/amd64", "/usr/sbin/runc"), ("linux/arm64", "/usr/sbin/runc-arm64")),
            DefaultAnnotations = ValueMap.Create(("io.example/quoted \"key\"", "tab\there")),
        };
        var kata = new RuntimeHandler
        {
            RuntimePath = "/usr/bin/containerd-shim-kata-v2",
            RuntimeType = "vm",
            RuntimeConfigPath = "/etc/kata/configuration.toml",
            PrivilegedWithoutHostDevices = true,
            RuntimePullImage = true,
        };
        var myRunc = new RuntimeHandler { RuntimeRoot = "/run/my-runc", MonitorExecCgroup = "container", NoSyncLog = true, ContainerMinMemory = "12MiB" };
        return defaults with
        {
            Root = defaults.Root with { StorageOptions = ["overlay.mountopt=nodev"], InternalRepair = true, ImageStore = "/srv/images" },
            Api = defaults.Api with { StreamPort = "10010", StreamIdleTimeout = "4h", GrpcMaxRecvMsgSize = 16 * 1024 * 1024 },
            Runtime = defaults.Runtime with
            {
                LogLevel = "debug",
                LogFilter = "^request:.*\\\\d+$",
                DefaultEnv = ["GREETING=h\u00e9llo \"w\u00f6rld\"", "MULTI=line1\nline2"],
                DefaultUlimits = ["nofile=1024:2048"],
                PidsLimit = -1,
                LogSizeMax = 1048576,
                MinimumMappableUid = 100000,
                Timezone = "Local",
                Runtimes = ValueMap.Create(("runc", runc), ("kata", kata), ("my.runc", myRunc)),
                Workloads = ValueMap.Create(("management", new WorkloadConfig
                {
                    ActivationAnnotation = "target.workload.openshift.io/management",
                    AnnotationPrefix = "resources.workload.openshift.io",
                    AllowedAnnotations = ["io.kubernetes.cri-o.Devices"],
                    Resources = new WorkloadResources { CpuShares = 2, CpuSet = "0-1", CpuQuota = -1 },
                })),
            },
            Image = defaults.Image with
            {
                PinnedImages = ["registry.k8s.io/pause*"],
                PullProgressTimeout = TimeSpan.FromMilliseconds(1500),
                ShortNameMode = "disabled",
                AutoReloadRegistries = true,
            },
            Network = defaults.Network with { CniDefaultNetwork = "crisp", PluginDirs = [] },
            Metrics = defaults.Metrics with { EnableMetrics = true, MetricsPort = 9537, MetricsCollectors = ["operations_total"] },
            Tracing = defaults.Tracing with { EnableTracing = true, TracingSamplingRatePerMillion = 1_000_000 },
            Stats = defaults.Stats with { CollectionPeriod = 10, IncludedPodMetrics = ["cpu", "memory"] },
            Nri = defaults.Nri with { Enabled = true, PluginRequestTimeout = TimeSpan.FromMinutes(1) },
        };
    }
}
