using Shouldly;
using Xunit;

namespace Crisp.Config.Tests;

public sealed class ConfigLoaderTests
{
    [Fact]
    public void Load_Crio128FullConfig_LoadsWithoutWarnings()
    {
        var path = Loaders.Fixture("crio-1.28.conf");

        var result = Loaders.NoSystemd().Load(path);

        result.Warnings.ShouldBeEmpty();
        result.Files.ShouldBe([path]);
        var config = result.Config;
        config.Root.Root.ShouldBe("/var/lib/containers/storage");
        config.Api.Listen.ShouldBe("/var/run/crio/crio.sock");
        config.Runtime.CgroupManager.ShouldBe("systemd");
        config.Runtime.ConmonCgroup.ShouldBe("");
        config.Runtime.NamespacesDir.ShouldBe("/var/run");
        config.Runtime.ApparmorProfile.ShouldBe("crio-default");
        config.Runtime.Runtimes["runc"].MonitorCgroup.ShouldBe("system.slice");
        config.Image.PauseImage.ShouldBe("registry.k8s.io/pause:3.9");
        config.Network.PluginDirs.ShouldBe(["/opt/cni/bin/"]);
        config.Metrics.MetricsHost.ShouldBe("");
        config.Metrics.MetricsCollectors.Count.ShouldBe(27);
        config.Nri.PluginRequestTimeout.ShouldBe(TimeSpan.FromSeconds(2));
        config.Tracing.TracingEndpoint.ShouldBe("0.0.0.0:4317");
    }

    [Fact]
    public void Load_Crio128FullConfig_RecordsWhereEachKeyCameFrom()
    {
        var path = Loaders.Fixture("crio-1.28.conf");

        var result = Loaders.NoSystemd().Load(path);

        result.Origins["crio.runtime.cgroup_manager"].ShouldBe(path);
        result.Origins["crio.runtime.runtimes.runc.runtime_root"].ShouldBe(path);
        result.Origins.ContainsKey("crio.runtime.timezone").ShouldBeFalse();
    }

    [Fact]
    public void Load_UnknownKey_WarnsWithFileAndDottedKey()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("crisp.conf", "[crio.runtime]\nlog_level = \"debug\"\nfancy_option = true\n");

        var result = Loaders.NoSystemd(dir.Path).Load(file);

        result.Config.Runtime.LogLevel.ShouldBe("debug");
        var warning = result.Warnings.ShouldHaveSingleItem();
        warning.Key.ShouldBe("crio.runtime.fancy_option");
        warning.File.ShouldBe(file);
        warning.Line.ShouldBe(3);
        warning.ToString().ShouldStartWith(file + ":3:");
    }

    [Fact]
    public void Load_UnknownTablesAndHandlerKeys_WarnEach()
    {
        var toml = """
            top = 1
            [crio.bogus]
            x = 1
            [crio.runtime.runtimes.runc]
            runtime_flavour = "vanilla"
            """;

        var result = Loaders.NoSystemd().LoadText(toml, "x.conf");

        result.Warnings.Select(w => w.Key).ShouldBe(["top", "crio.bogus", "crio.runtime.runtimes.runc.runtime_flavour"]);
    }

    [Fact]
    public void Load_NewerCrioOption_WarnsUnsupportedButLoads()
    {
        var result = Loaders.NoSystemd().LoadText("[crio.api]\ntls_min_version = \"VersionTLS13\"\n", "x.conf");

        result.Warnings.ShouldHaveSingleItem().Message.ShouldContain("not supported by crisp");
        result.Config.ShouldBe(CrispDefaults.Create(false));
    }

    [Fact]
    public void Load_ObsoleteManageNsLifecycle_IsAcceptedSilently()
    {
        var result = Loaders.NoSystemd().LoadText("[crio.runtime]\nmanage_ns_lifecycle = true\n", "x.conf");

        result.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void Load_RegistriesOption_WarnsThatItHasNoEffect()
    {
        var result = Loaders.NoSystemd().LoadText("[crio.image]\nregistries = [\"docker.io\"]\n", "x.conf");

        var warning = result.Warnings.ShouldHaveSingleItem();
        warning.Key.ShouldBe("crio.image.registries");
        warning.Message.ShouldContain("registries.conf");
    }

    [Fact]
    public void Load_DeprecatedPluginDir_IsAppendedWithWarning()
    {
        var result = Loaders.NoSystemd().LoadText("[crio.network]\nplugin_dir = \"/usr/libexec/cni\"\n", "x.conf");

        result.Config.Network.PluginDirs.ShouldBe(["/opt/cni/bin/", "/usr/lib/cni", "/usr/libexec/cni"]);
        result.Warnings.ShouldHaveSingleItem().Key.ShouldBe("crio.network.plugin_dir");
    }

    [Fact]
    public void Load_DropInOverridesFile_LaterWins()
    {
        using var dir = new TempDirectory();
        var main = dir.Write("crisp.conf", "[crio.runtime]\nlog_level = \"debug\"\npids_limit = 100\n");
        dir.Write("crisp.conf.d/10-level.conf", "[crio.runtime]\nlog_level = \"warn\"\n");

        var result = Loaders.NoSystemd().Load(main, dir.Combine("crisp.conf.d"));

        result.Config.Runtime.LogLevel.ShouldBe("warn");
        result.Config.Runtime.PidsLimit.ShouldBe(100);
        result.Origins["crio.runtime.log_level"].ShouldBe(dir.Combine("crisp.conf.d", "10-level.conf"));
        result.Origins["crio.runtime.pids_limit"].ShouldBe(main);
    }

    [Fact]
    public void Load_DropIns_AppliedInLexicalOrder()
    {
        using var dir = new TempDirectory();
        dir.Write("d/20-b.conf", "[crio.image]\npause_image = \"b\"\n");
        dir.Write("d/10-a.conf", "[crio.image]\npause_image = \"a\"\n");
        dir.Write("d/9-c.conf", "[crio.image]\npause_image = \"c\"\n");

        var result = Loaders.NoSystemd(dir.Path).Load(dropInDirectory: dir.Combine("d"));

        result.Files.Select(Path.GetFileName).ShouldBe(["10-a.conf", "20-b.conf", "9-c.conf"]);
        result.Config.Image.PauseImage.ShouldBe("c");
    }

    [Fact]
    public void Load_DropInDirectory_OnlyReadsConfFiles()
    {
        using var dir = new TempDirectory();
        dir.Write("d/10-a.conf", "[crio.image]\npause_image = \"a\"\n");
        dir.Write("d/20-b.conf.rpmsave", "[crio.image]\npause_image = \"b\"\n");
        dir.Write("d/README", "not toml at all [");

        var result = Loaders.NoSystemd(dir.Path).Load(dropInDirectory: dir.Combine("d"));

        result.Config.Image.PauseImage.ShouldBe("a");
        result.Files.ShouldHaveSingleItem().ShouldEndWith("10-a.conf");
    }

    [Fact]
    public void Load_TablesMergeDeeply_AcrossFiles()
    {
        using var dir = new TempDirectory();
        var main = dir.Write("crisp.conf", "[crio.runtime]\nselinux = true\n[crio.api]\nstream_port = \"10010\"\n");
        dir.Write("d/50.conf", "[crio.runtime]\nread_only = true\n");

        var config = Loaders.NoSystemd().Load(main, dir.Combine("d")).Config;

        config.Runtime.Selinux.ShouldBeTrue();
        config.Runtime.ReadOnly.ShouldBeTrue();
        config.Api.StreamPort.ShouldBe("10010");
        config.Api.Listen.ShouldBe("/run/crisp/crisp.sock");
    }

    [Fact]
    public void Load_DropInHandlerTable_ExtendsHandlerMap()
    {
        using var dir = new TempDirectory();
        var main = dir.Write("crisp.conf", "[crio.runtime.runtimes.crun]\nruntime_path = \"/usr/bin/crun\"\n");
        dir.Write("d/10-kata.conf", "[crio.runtime.runtimes.kata]\nruntime_path = \"/usr/bin/containerd-shim-kata-v2\"\nruntime_type = \"vm\"\n");

        var runtimes = Loaders.NoSystemd().Load(main, dir.Combine("d")).Config.Runtime.Runtimes;

        runtimes.Keys.ShouldBe(["crun", "kata", "runc"]);
        runtimes["runc"].ShouldBe(CrispDefaults.CreateRuncHandler(systemd: false));
        runtimes["crun"].RuntimeType.ShouldBe("");
        runtimes["kata"].RuntimeType.ShouldBe("vm");
    }

    [Fact]
    public void Load_DropInHandlerTable_MergesIntoExistingHandlerKeyByKey()
    {
        using var dir = new TempDirectory();
        dir.Write("d/10-runc.conf", "[crio.runtime.runtimes.runc]\nruntime_path = \"/usr/local/sbin/runc\"\n");

        var runc = Loaders.NoSystemd(dir.Path).Load(dropInDirectory: dir.Combine("d")).Config.Runtime.Runtimes["runc"];

        runc.RuntimePath.ShouldBe("/usr/local/sbin/runc");
        runc.RuntimeRoot.ShouldBe("/run/runc");
        runc.RuntimeType.ShouldBe("oci");
    }

    [Fact]
    public void Load_FlagsOverrideDropInsAndFile()
    {
        using var dir = new TempDirectory();
        var main = dir.Write("crisp.conf", "[crio.runtime]\nlog_level = \"debug\"\ncgroup_manager = \"systemd\"\n[crio.metrics]\nmetrics_port = 9100\n");
        dir.Write("d/10.conf", "[crio.runtime]\nlog_level = \"warn\"\n");
        var overrides = new ConfigOverrides
        {
            LogLevel = "error",
            Listen = "/tmp/crisp.sock",
            CniPluginDirs = ["/opt/cni/bin"],
            RegistriesConf = "/tmp/registries.conf",
            MetricsPort = 9200,
            EnableMetrics = true,
        };

        var result = Loaders.NoSystemd().Load(main, dir.Combine("d"), overrides);

        result.Config.Runtime.LogLevel.ShouldBe("error");
        result.Config.Runtime.CgroupManager.ShouldBe("systemd");
        result.Config.Api.Listen.ShouldBe("/tmp/crisp.sock");
        result.Config.Network.PluginDirs.ShouldBe(["/opt/cni/bin"]);
        result.Config.RegistriesConf.ShouldBe("/tmp/registries.conf");
        result.Config.Metrics.MetricsPort.ShouldBe(9200);
        result.Config.Metrics.EnableMetrics.ShouldBeTrue();
        result.Origins["crio.runtime.log_level"].ShouldBe(ConfigOverrides.Source);
    }

    [Fact]
    public void Load_MissingDefaultFileAndDirectory_GivesDefaults()
    {
        using var dir = new TempDirectory();

        var result = Loaders.NoSystemd(dir.Path).Load();

        result.Config.ShouldBe(CrispDefaults.Create(false));
        result.Files.ShouldBeEmpty();
    }

    [Fact]
    public void Load_MissingExplicitFile_ThrowsNamingFile()
    {
        using var dir = new TempDirectory();
        var missing = dir.Combine("nope.conf");

        var error = Should.Throw<ConfigException>(() => Loaders.NoSystemd(dir.Path).Load(missing));

        error.File.ShouldBe(missing);
        error.Message.ShouldContain(missing);
        error.Message.ShouldContain("not found");
    }

    [Fact]
    public void Load_MalformedToml_ErrorNamesFileLineAndKey()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("crisp.conf", "[crio]\nroot = \"/var/lib/crisp\"\n[crio.runtime]\ncgroup_manager = cgroupfs\n");

        var error = Should.Throw<ConfigException>(() => Loaders.NoSystemd(dir.Path).Load(file));

        error.File.ShouldBe(file);
        error.Line.ShouldBe(4);
        error.Column.ShouldNotBeNull();
        error.Key.ShouldBe("crio.runtime.cgroup_manager");
        error.Message.ShouldStartWith($"{file}:4:");
        error.Message.ShouldContain("malformed TOML");
    }

    [Fact]
    public void Load_MalformedDropIn_ErrorNamesTheDropIn()
    {
        using var dir = new TempDirectory();
        var dropIn = dir.Write("d/10-bad.conf", "[crio.runtime\nlog_level = \"info\"\n");

        var error = Should.Throw<ConfigException>(() => Loaders.NoSystemd(dir.Path).Load(dropInDirectory: dir.Combine("d")));

        error.File.ShouldBe(dropIn);
        error.Line.ShouldBe(1);
    }

    [Fact]
    public void Load_DuplicateKey_IsMalformed()
    {
        var error = Should.Throw<ConfigException>(() => Loaders.Load("[crio.runtime]\nlog_level = \"info\"\nlog_level = \"debug\"\n"));

        error.Line.ShouldBe(3);
        error.Message.ShouldContain("already defined");
    }

    [Fact]
    public void Load_IntegerWhereStringExpected_ErrorNamesKey()
    {
        var error = Should.Throw<ConfigException>(() => Loaders.Load("[crio.runtime]\n\ncgroup_manager = 5\n"));

        error.Key.ShouldBe("crio.runtime.cgroup_manager");
        error.File.ShouldBe("test.conf");
        error.Line.ShouldBe(3);
        error.Message.ShouldBe("test.conf:3:18: crio.runtime.cgroup_manager: expected a string, found integer 5");
    }

    [Fact]
    public void Load_StreamPortAsInteger_IsRejectedLikeCrio()
    {
        var error = Should.Throw<ConfigException>(() => Loaders.Load("[crio.api]\nstream_port = 10010\n"));

        error.Key.ShouldBe("crio.api.stream_port");
        error.Reason.ShouldContain("expected a string");
    }

    [Fact]
    public void Load_StringWhereIntegerExpected_ErrorNamesKey()
    {
        var error = Should.Throw<ConfigException>(() => Loaders.Load("[crio.runtime]\npids_limit = \"1024\"\n"));

        error.Key.ShouldBe("crio.runtime.pids_limit");
        error.Reason.ShouldBe("expected an integer, found string \"1024\"");
    }

    [Fact]
    public void Load_WrongTypeInsideArray_ErrorNamesIndex()
    {
        var error = Should.Throw<ConfigException>(() => Loaders.Load("[crio.runtime]\ndefault_capabilities = [\"CHOWN\", 7]\n"));

        error.Key.ShouldBe("crio.runtime.default_capabilities[1]");
    }

    [Fact]
    public void Load_TableWhereValueExpected_ErrorNamesKey()
    {
        var error = Should.Throw<ConfigException>(() => Loaders.Load("[crio.runtime.runtimes]\nrunc = \"runc\"\n"));

        error.Key.ShouldBe("crio.runtime.runtimes.runc");
        error.Reason.ShouldContain("expected a table");
    }

    [Fact]
    public void Load_IntegerOutOfRange_ErrorNamesKey()
    {
        var error = Should.Throw<ConfigException>(() => Loaders.Load("[crio.metrics]\nmetrics_port = 99999999999\n"));

        error.Key.ShouldBe("crio.metrics.metrics_port");
        error.Reason.ShouldContain("out of range");
    }

    [Fact]
    public void Load_Durations_AcceptGoStringsAndNanoseconds()
    {
        var config = Loaders.Load("[crio.image]\npull_progress_timeout = \"1m30s\"\n[crio.nri]\nnri_plugin_request_timeout = 3000000000\n");

        config.Image.PullProgressTimeout.ShouldBe(TimeSpan.FromSeconds(90));
        config.Nri.PluginRequestTimeout.ShouldBe(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void Load_InvalidDuration_ErrorNamesKey()
    {
        var error = Should.Throw<ConfigException>(() => Loaders.Load("[crio.image]\npull_progress_timeout = \"ten seconds\"\n"));

        error.Key.ShouldBe("crio.image.pull_progress_timeout");
        error.Reason.ShouldContain("duration");
    }

    [Fact]
    public void Load_HandlerMapsAndWorkloads_AreParsed()
    {
        var toml = """
            [crio.runtime.runtimes."my.runc"]
            runtime_path = "/usr/bin/runc"
            platform_runtime_paths = { "linux/amd64" = "/usr/bin/runc-amd64" }
            default_annotations = { "io.example/a" = "1" }
            container_min_memory = "12MiB"
            no_sync_log = true

            [crio.runtime.workloads.management]
            activation_annotation = "target.workload.openshift.io/management"
            annotation_prefix = "resources.workload.openshift.io"
            [crio.runtime.workloads.management.resources]
            cpushares = 0
            cpuset = "0-1"
            """;

        var result = Loaders.NoSystemd().LoadText(toml, "x.conf");

        result.Warnings.ShouldBeEmpty();
        var handler = result.Config.Runtime.Runtimes["my.runc"];
        handler.PlatformRuntimePaths["linux/amd64"].ShouldBe("/usr/bin/runc-amd64");
        handler.DefaultAnnotations["io.example/a"].ShouldBe("1");
        handler.ContainerMinMemory.ShouldBe("12MiB");
        handler.NoSyncLog.ShouldBeTrue();
        var workload = result.Config.Runtime.Workloads["management"];
        workload.AnnotationPrefix.ShouldBe("resources.workload.openshift.io");
        workload.Resources.ShouldNotBeNull().CpuSet.ShouldBe("0-1");
    }

    [Fact]
    public void Load_DottedKeysAndInlineTables_AreEquivalentToTables()
    {
        var dotted = Loaders.Load("crio.runtime.log_level = \"debug\"\ncrio.runtime.runtimes.runc.runtime_root = \"/run/r\"\n");
        var tables = Loaders.Load("[crio.runtime]\nlog_level = \"debug\"\n[crio.runtime.runtimes.runc]\nruntime_root = \"/run/r\"\n");

        dotted.ShouldBe(tables);
        dotted.Runtime.Runtimes["runc"].RuntimeRoot.ShouldBe("/run/r");
    }
}
