using Crisp.Config;
using Crisp.Core.Sandboxes;
using Runtime.V1;
using Shouldly;

namespace Crisp.Unit.Tests.Core;

public sealed class SandboxPlannerTests
{
    private static readonly CrispConfig _cgroupfs = CrispDefaults.Create(systemd: false);
    private static readonly SandboxPaths _paths = new("/var/lib/crisp", "/run/crisp");
    private static readonly string _id = new('d', 64);

    internal static PodSandboxConfig Config(Action<PodSandboxConfig>? change = null)
    {
        var config = new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = "nginx-sandbox", Namespace = "default", Uid = "hdishd83djaidwnduwk28bcsb", Attempt = 1 },
            LogDirectory = "/tmp/logs",
            Linux = new LinuxPodSandboxConfig(),
        };
        change?.Invoke(config);
        return config;
    }

    private static Sandbox Plan(PodSandboxConfig? config, string? handler = null, CrispConfig? settings = null) =>
        SandboxPlanner.Plan(config, handler, settings ?? _cgroupfs, _id, 123, _paths);

    [Fact]
    public void Plan_SeedConfig_NameDefaultsAndPaths()
    {
        var sandbox = Plan(Config());

        sandbox.Name.ShouldBe("k8s_nginx-sandbox_default_hdishd83djaidwnduwk28bcsb_1");
        sandbox.State.ShouldBe(SandboxState.Creating);
        sandbox.OciHandler.ShouldBe("runc");
        sandbox.RuntimeHandler.ShouldBe("");
        sandbox.Hostname.ShouldBe(_id[..12]);
        sandbox.NamespaceOptions.ShouldBe(new SandboxNamespaceOptions { Pid = SandboxNamespaceMode.Container });
        sandbox.HostNetwork.ShouldBeFalse();
        sandbox.UserdataDirectory.ShouldBe("/run/crisp/sandboxes/" + _id);
        sandbox.CreatedAt.ShouldBe(123);
        PodSandboxConfig.Parser.ParseFrom(sandbox.Config).ShouldBe(Config());
        SandboxPlanner.NeedsInfra(sandbox, _cgroupfs).ShouldBeFalse();
    }

    [Fact]
    public void Plan_NamespaceOptionsPresent_PidPodNeedsInfra_AsDoesDropInfraFalse()
    {
        var shared = Plan(Config(c => c.Linux.SecurityContext = new LinuxSandboxSecurityContext { NamespaceOptions = new NamespaceOption() }));

        shared.NamespaceOptions.Pid.ShouldBe(SandboxNamespaceMode.Pod);
        SandboxPlanner.NeedsInfra(shared, _cgroupfs).ShouldBeTrue();
        var keepInfra = _cgroupfs with { Runtime = _cgroupfs.Runtime with { DropInfraCtr = false } };
        SandboxPlanner.NeedsInfra(Plan(Config()), keepInfra).ShouldBeTrue();
    }

    [Fact]
    public void Plan_HostNetworkWithoutHostname_UsesTheNodeName()
    {
        var sandbox = Plan(Config(c => c.Linux.SecurityContext = new LinuxSandboxSecurityContext
        {
            NamespaceOptions = new NamespaceOption { Network = NamespaceMode.Node, Ipc = NamespaceMode.Node, Pid = NamespaceMode.Container },
        }));

        sandbox.HostNetwork.ShouldBeTrue();
        sandbox.HostIpc.ShouldBeTrue();
        sandbox.Hostname.ShouldBe(Environment.MachineName);
    }

    [Fact]
    public void Plan_PortsDnsLabels_Copied()
    {
        var sandbox = Plan(Config(c =>
        {
            c.PortMappings.Add(new PortMapping { ContainerPort = 80, HostPort = 8080, Protocol = Protocol.Udp, HostIp = "127.0.0.1" });
            c.DnsConfig = new DNSConfig { Servers = { "1.1.1.1" } };
            c.Labels["a"] = "b";
            c.Annotations["c"] = "d";
        }));

        sandbox.PortMappings.ShouldBe([new SandboxPortMapping("udp", 80, 8080, "127.0.0.1")]);
        sandbox.Dns!.Servers.ShouldBe(["1.1.1.1"]);
        sandbox.Labels["a"].ShouldBe("b");
        sandbox.Annotations["c"].ShouldBe("d");
    }

    [Theory]
    [InlineData("name")]
    [InlineData("namespace")]
    [InlineData("uid")]
    public void Plan_MissingMetadataField_InvalidArgumentNamingIt(string field)
    {
        var config = Config(c =>
        {
            switch (field)
            {
                case "name": c.Metadata.Name = ""; break;
                case "namespace": c.Metadata.Namespace = ""; break;
                default: c.Metadata.Uid = ""; break;
            }
        });

        var error = Should.Throw<SandboxException>(() => Plan(config));

        error.Kind.ShouldBe(SandboxErrorKind.InvalidArgument);
        error.Message.ShouldBe($"PodSandboxConfig.Metadata.{field} should not be empty");
    }

    [Fact]
    public void Plan_NoConfigOrNoMetadata_InvalidArgument()
    {
        Should.Throw<SandboxException>(() => Plan(null)).Kind.ShouldBe(SandboxErrorKind.InvalidArgument);
        Should.Throw<SandboxException>(() => Plan(Config(c => c.Metadata = null))).Message.ShouldContain("Metadata");
    }

    [Fact]
    public void Plan_UnknownHandler_NotFoundListingTheKnownOnes()
    {
        var error = Should.Throw<SandboxException>(() => Plan(Config(), "kata"));

        error.Kind.ShouldBe(SandboxErrorKind.NotFound);
        error.Message.ShouldBe("runtime handler \"kata\" is not configured (crio.runtime.runtimes has: runc)");
    }

    [Fact]
    public void Plan_VmHandler_Refused()
    {
        var settings = _cgroupfs with
        {
            Runtime = _cgroupfs.Runtime with { Runtimes = _cgroupfs.Runtime.Runtimes.SetItem("kata", new Crisp.Config.RuntimeHandler { RuntimeType = "vm" }) },
        };

        Should.Throw<SandboxException>(() => Plan(Config(), "kata", settings)).Message.ShouldContain("runtime_type \"vm\"");
    }

    [Theory]
    [InlineData("cgroupfs", "kubepods.slice", "is a systemd slice")]
    [InlineData("systemd", "/kubepods/burstable", "is not a slice")]
    [InlineData("cgroupfs", "/kubepods/../../etc", "not a valid cgroup path")]
    public void Plan_CgroupParentNotForTheManager_InvalidArgument(string manager, string parent, string message)
    {
        var settings = _cgroupfs with { Runtime = _cgroupfs.Runtime with { CgroupManager = manager } };

        var error = Should.Throw<SandboxException>(() => Plan(Config(c => c.Linux.CgroupParent = parent), settings: settings));

        error.Kind.ShouldBe(SandboxErrorKind.InvalidArgument);
        error.Message.ShouldContain(message);
    }

    [Theory]
    [InlineData("cgroupfs", "/kubepods/besteffort/pod123")]
    [InlineData("systemd", "kubepods-besteffort-pod123.slice")]
    public void Plan_CgroupParentMatchingTheManager_KeptAsGiven(string manager, string parent)
    {
        var settings = _cgroupfs with { Runtime = _cgroupfs.Runtime with { CgroupManager = manager } };

        Plan(Config(c => c.Linux.CgroupParent = parent), settings: settings).CgroupParent.ShouldBe(parent);
    }

    [Theory]
    [InlineData(0, 80)]
    [InlineData(70000, 80)]
    [InlineData(80, -1)]
    [InlineData(80, 65536)]
    public void Plan_PortOutOfRange_InvalidArgument(int containerPort, int hostPort)
    {
        var config = Config(c => c.PortMappings.Add(new PortMapping { ContainerPort = containerPort, HostPort = hostPort }));

        Should.Throw<SandboxException>(() => Plan(config)).Kind.ShouldBe(SandboxErrorKind.InvalidArgument);
    }

    [Fact]
    public void Plan_BadHostnameOrNamespaceMode_InvalidArgument()
    {
        Should.Throw<SandboxException>(() => Plan(Config(c => c.Hostname = new string('h', 65)))).Kind.ShouldBe(SandboxErrorKind.InvalidArgument);
        Should.Throw<SandboxException>(() => Plan(Config(c => c.Linux.SecurityContext = new LinuxSandboxSecurityContext
        {
            NamespaceOptions = new NamespaceOption { Network = NamespaceMode.Container },
        }))).Message.ShouldContain("network namespace mode");
    }
}
