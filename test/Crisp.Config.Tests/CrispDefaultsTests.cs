using Shouldly;
using Xunit;

namespace Crisp.Config.Tests;

public sealed class CrispDefaultsTests
{
    [Fact]
    public void Create_WithoutSystemd_UsesCgroupfsAndNoSliceForConmon()
    {
        var config = CrispDefaults.Create(FakeSystemdProbe.Without);

        config.Runtime.CgroupManager.ShouldBe("cgroupfs");
        config.Runtime.Runtimes["runc"].MonitorCgroup.ShouldBe("");
        config.Runtime.ConmonCgroup.ShouldBe("pod");
    }

    [Fact]
    public void Create_WithSystemd_UsesSystemdAndSystemSlice()
    {
        var config = CrispDefaults.Create(FakeSystemdProbe.With);

        config.Runtime.CgroupManager.ShouldBe("systemd");
        config.Runtime.Runtimes["runc"].MonitorCgroup.ShouldBe("system.slice");
    }

    [Fact]
    public void Create_UsesCrispPaths()
    {
        var config = CrispDefaults.Create(false);

        config.Api.Listen.ShouldBe("/run/crisp/crisp.sock");
        config.Root.Root.ShouldBe("/var/lib/crisp");
        config.Root.RunRoot.ShouldBe("/run/crisp");
        config.Root.LogDir.ShouldBe("/var/log/crisp/pods");
        config.Root.VersionFile.ShouldBe("/run/crisp/version");
        config.Root.CleanShutdownFile.ShouldBe("/var/lib/crisp/clean.shutdown");
        config.Root.StorageDriver.ShouldBe("overlay");
        config.Runtime.ContainerExitsDir.ShouldBe("/run/crisp/exits");
        config.Runtime.ContainerAttachSocketDir.ShouldBe("/run/crisp");
        config.Runtime.NamespacesDir.ShouldBe("/run/crisp/ns");
        config.RegistriesConf.ShouldBe("/etc/containers/registries.conf");
    }

    [Fact]
    public void Create_KeepsCrioValues()
    {
        var config = CrispDefaults.Create(false);

        config.Api.StreamAddress.ShouldBe("127.0.0.1");
        config.Api.StreamPort.ShouldBe("0");
        config.Api.GrpcMaxSendMsgSize.ShouldBe(80 * 1024 * 1024);
        config.Runtime.DefaultRuntime.ShouldBe("runc");
        config.Runtime.Conmon.ShouldBe("");
        config.Runtime.DefaultCapabilities.ShouldBe(
            ["CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "SETGID", "SETUID", "SETPCAP", "NET_BIND_SERVICE", "KILL"]);
        config.Runtime.CtrStopTimeout.ShouldBe(30);
        config.Runtime.DropInfraCtr.ShouldBeTrue();
        config.Runtime.LogLevel.ShouldBe("info");
        config.Runtime.LogSizeMax.ShouldBe(-1);
        config.Runtime.PidsLimit.ShouldBe(0);
        config.Runtime.SeccompUseDefaultWhenEmpty.ShouldBeTrue();
        config.Runtime.EnablePodEvents.ShouldBeFalse();
        config.Image.PauseImage.ShouldBe("registry.k8s.io/pause:3.10");
        config.Image.PauseCommand.ShouldBe("/pause");
        config.Image.DefaultTransport.ShouldBe("docker://");
        config.Image.ImageVolumes.ShouldBe("mkdir");
        config.Image.SignaturePolicy.ShouldBe("");
        config.Image.GlobalAuthFile.ShouldBe("");
        config.Image.PullProgressTimeout.ShouldBe(TimeSpan.Zero);
        config.Image.ShortNameMode.ShouldBe("enforcing");
        config.Network.NetworkDir.ShouldBe("/etc/cni/net.d/");
        config.Network.PluginDirs.ShouldBe(["/opt/cni/bin/", "/usr/lib/cni"]);
        config.Metrics.EnableMetrics.ShouldBeFalse();
        config.Metrics.MetricsHost.ShouldBe("127.0.0.1");
        config.Metrics.MetricsPort.ShouldBe(9090);
        config.Metrics.MetricsCollectors.ShouldContain("process");
        config.Metrics.MetricsCollectors.ShouldContain("dotnet");
        config.Stats.CollectionPeriod.ShouldBe(0);
        config.Stats.StatsCollectionPeriod.ShouldBe(0);
        config.Nri.PluginRegistrationTimeout.ShouldBe(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Create_RuncHandlerLikeCrio()
    {
        var runc = CrispDefaults.Create(false).Runtime.Runtimes.ShouldHaveSingleItem();

        runc.Key.ShouldBe("runc");
        runc.Value.RuntimePath.ShouldBe("");
        runc.Value.RuntimeType.ShouldBe("oci");
        runc.Value.RuntimeRoot.ShouldBe("/run/runc");
        runc.Value.MonitorEnv.ShouldBe(["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]);
        runc.Value.AllowedAnnotations.ShouldBe(["io.containers.trace-syscall", "io.kubernetes.cri-o.Devices"]);
    }

    [Fact]
    public void LoadText_EmptyDocument_EqualsDefaults()
    {
        var result = Loaders.NoSystemd().LoadText("", "empty.conf");

        result.Config.ShouldBe(CrispDefaults.Create(false));
        result.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void NewCrispConfig_EqualsSystemdDefaults()
    {
        new CrispConfig().ShouldBe(CrispDefaults.Create(true));
        new CrispConfig().ShouldNotBe(CrispDefaults.Create(false));
    }
}
