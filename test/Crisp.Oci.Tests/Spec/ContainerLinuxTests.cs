using Crisp.Oci.Spec;
using Crisp.Oci.Spec.Model;
using Shouldly;

namespace Crisp.Oci.Tests.Spec;

public sealed class ContainerLinuxTests : IDisposable
{
    private readonly SpecTestHost _host = new();

    public void Dispose() => _host.Dispose();

    private RuntimeSpec Build(string linux = """{ "security_context": { "namespace_options": { "pid": "CONTAINER" } } }""", string extra = "", PodSandboxFacts? pod = null, string podLinux = """{"security_context": {"namespace_options": {"pid": "CONTAINER"}}}""")
    {
        var config = SpecTestHost.BasicContainer($$""", "linux": {{linux}} {{extra}}""");
        return _host.ContainerBuilder().Build(_host.Input(config, SpecTestHost.SandboxConfig(podLinux), pod: pod));
    }

    private static string? PathOf(RuntimeSpec spec, string type) => spec.Linux!.Namespaces!.SingleOrDefault(n => n.Type == type)?.Path;

    [Fact]
    public void Build_PidContainer_JoinsPodNamespacesNewPidAndMount()
    {
        var spec = Build();

        spec.Linux!.Namespaces.ShouldBe(
        [
            new LinuxNamespace { Type = "pid" },
            new LinuxNamespace { Type = "network", Path = "/run/crisp/ns/netns/sb1234" },
            new LinuxNamespace { Type = "ipc", Path = "/run/crisp/ns/ipcns/sb1234" },
            new LinuxNamespace { Type = "uts", Path = "/run/crisp/ns/utsns/sb1234" },
            new LinuxNamespace { Type = "mount" },
        ]);
        spec.Hostname.ShouldBe("nginx");
    }

    [Fact]
    public void Build_PidPod_JoinsInfraPidNamespace()
    {
        PathOf(Build("""{ "security_context": { "namespace_options": { "pid": "POD" } } }"""), "pid").ShouldBe("/proc/4242/ns/pid");
    }

    [Fact]
    public void Build_PidPodWithoutInfra_Throws()
    {
        Should.Throw<ContainerSpecException>(() => Build("""{ "security_context": { "namespace_options": { "pid": "POD" } } }""", pod: _host.Pod() with { PidNamespacePath = null }))
            .Message.ShouldContain("pod level PID namespace requested");
    }

    [Fact]
    public void Build_PidNode_NoPidNamespace()
    {
        Build("""{ "security_context": { "namespace_options": { "pid": "NODE" } } }""").Linux!.Namespaces!.ShouldNotContain(n => n.Type == "pid");
    }

    [Fact]
    public void Build_PidTarget_JoinsTargetNamespace()
    {
        var config = SpecTestHost.BasicContainer(""", "linux": { "security_context": { "namespace_options": { "pid": "TARGET", "target_id": "other" } } }""");
        var input = _host.Input(config) with { TargetPidNamespacePath = "/proc/777/ns/pid" };

        PathOf(_host.ContainerBuilder().Build(input), "pid").ShouldBe("/proc/777/ns/pid");
        Should.Throw<ContainerSpecException>(() => _host.ContainerBuilder().Build(input with { TargetPidNamespacePath = null }));
    }

    [Fact]
    public void Build_HostNetworkPod_NoNetworkNamespaceAndNetSysctlRejected()
    {
        var pod = _host.Pod(hostNetwork: true);
        var spec = Build(pod: pod);

        spec.Linux!.Namespaces!.ShouldNotContain(n => n.Type == "network");
        Should.Throw<ContainerSpecException>(() => Build(pod: pod, podLinux: """{"sysctls": {"net.ipv4.ip_forward": "1"}, "security_context": {"namespace_options": {"network": "NODE", "pid": "CONTAINER"}}}"""))
            .Message.ShouldContain("host network");
    }

    [Fact]
    public void Build_HostUts_NoHostnameSet()
    {
        var spec = Build(pod: _host.Pod() with { UtsNamespacePath = null });

        spec.Hostname.ShouldBeNull();
        spec.Process!.Env!.ShouldNotContain(e => e.StartsWith("HOSTNAME=", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_CgroupV2Unprivileged_NewCgroupNamespace()
    {
        _host.Facts = _host.Facts with { CgroupV2 = true };

        Build().Linux!.Namespaces!.ShouldContain(new LinuxNamespace { Type = "cgroup" });
    }

    [Fact]
    public void Build_CgroupV1_NoCgroupNamespace()
    {
        Build().Linux!.Namespaces!.ShouldNotContain(n => n.Type == "cgroup");
    }

    [Fact]
    public void Build_UserNamespacePod_Rejected()
    {
        Should.Throw<ContainerSpecException>(() => Build("""{ "security_context": { "namespace_options": { "pid": "CONTAINER", "userns_options": { "mode": "POD" } } } }"""))
            .Message.ShouldBe("user namespaces are not supported");
    }

    [Fact]
    public void Build_Resources_CpuMemoryHugepagesPids()
    {
        _host.Config = _host.Config with { Runtime = _host.Config.Runtime with { PidsLimit = 1024 } };

        var resources = Build("""
            { "resources": { "cpu_period": 100000, "cpu_quota": 50000, "cpu_shares": 512, "memory_limit_in_bytes": 268435456,
                             "cpuset_cpus": "0-1", "cpuset_mems": "0", "hugepage_limits": [{ "page_size": "2MB", "limit": 4194304 }],
                             "unified": { "memory.high": "1000000" } },
              "security_context": { "namespace_options": { "pid": "CONTAINER" } } }
            """).Linux!.Resources!;

        resources.Cpu.ShouldBe(new LinuxCpu { Shares = 512, Quota = 50000, Period = 100000, Cpus = "0-1", Mems = "0" });
        resources.Memory.ShouldBe(new LinuxMemory { Limit = 268435456, Swap = 268435456 });
        resources.Pids.ShouldBe(new LinuxPids { Limit = 1024 });
        resources.HugepageLimits!.Single().ShouldBe(new HugepageLimit { PageSize = "2MB", Limit = 4194304 });
        resources.Unified.ShouldBeNull();
    }

    [Fact]
    public void Build_CgroupV2_UnifiedPassedThrough()
    {
        _host.Facts = _host.Facts with { CgroupV2 = true };

        var resources = Build("""{ "resources": { "unified": { "memory.high": "1000000" } }, "security_context": { "namespace_options": { "pid": "CONTAINER" } } }""").Linux!.Resources!;

        resources.Unified!["memory.high"].ShouldBe("1000000");
    }

    [Fact]
    public void Build_NoHugetlbOrSwapOrPidsController_DroppedAsCriO()
    {
        _host.Facts = _host.Facts with { HugetlbController = false, SwapAccounting = false, PidsController = false };
        _host.Config = _host.Config with { Runtime = _host.Config.Runtime with { PidsLimit = 1024 } };

        var resources = Build("""
            { "resources": { "memory_limit_in_bytes": 268435456, "hugepage_limits": [{ "page_size": "2MB", "limit": 4194304 }] },
              "security_context": { "namespace_options": { "pid": "CONTAINER" } } }
            """).Linux!.Resources!;

        resources.Memory.ShouldBe(new LinuxMemory { Limit = 268435456 });
        resources.HugepageLimits.ShouldBeNull();
        resources.Pids.ShouldBeNull();
    }

    [Fact]
    public void Build_SwapLimitGiven_UsedAndCheckedAgainstLimit()
    {
        Build("""{ "resources": { "memory_limit_in_bytes": 268435456, "memory_swap_limit_in_bytes": 536870912 }, "security_context": { "namespace_options": { "pid": "CONTAINER" } } }""")
            .Linux!.Resources!.Memory!.Swap.ShouldBe(536870912);
        Should.Throw<ContainerSpecException>(() =>
            Build("""{ "resources": { "memory_limit_in_bytes": 268435456, "memory_swap_limit_in_bytes": 1048576 }, "security_context": { "namespace_options": { "pid": "CONTAINER" } } }"""))
            .Message.ShouldContain("cannot be lower than memory limit");
    }

    [Fact]
    public void Build_MemoryBelowRuntimeMinimum_Throws()
    {
        Should.Throw<ContainerSpecException>(() =>
            Build("""{ "resources": { "memory_limit_in_bytes": 4194304 }, "security_context": { "namespace_options": { "pid": "CONTAINER" } } }"""))
            .Message.ShouldContain("lower than the minimum of 12582912 bytes");
    }

    [Fact]
    public void Build_CgroupfsManager_ContainerCgroupUnderPodParent()
    {
        var config = SpecTestHost.BasicContainer();
        var sandbox = SpecTestHost.SandboxConfig("""{"cgroup_parent": "/kubepods/besteffort/poduid-1", "security_context": {"namespace_options": {"pid": "CONTAINER"}}}""");

        _host.ContainerBuilder().Build(_host.Input(config, sandbox)).Linux!.CgroupsPath.ShouldBe("/kubepods/besteffort/poduid-1/crisp-ctr5678");
    }

    [Fact]
    public void Build_SystemdManager_SliceColonPrefixColonId()
    {
        _host.Config = _host.Config with { Runtime = _host.Config.Runtime with { CgroupManager = "systemd" } };
        var sandbox = SpecTestHost.SandboxConfig("""{"cgroup_parent": "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-poduid_1.slice", "security_context": {"namespace_options": {"pid": "CONTAINER"}}}""");

        _host.ContainerBuilder().Build(_host.Input(SpecTestHost.BasicContainer(), sandbox)).Linux!.CgroupsPath
            .ShouldBe("kubepods-besteffort-poduid_1.slice:crisp:ctr5678");
    }

    [Fact]
    public void Build_CriDevices_NodesAndAllowRules()
    {
        var spec = Build(extra: """
            , "devices": [
                { "container_path": "/dev/fuse", "host_path": "/dev/fuse", "permissions": "rw" },
                { "container_path": "/dev/gpu", "host_path": "/dev/dri", "permissions": "mrw" }
            ]
            """);

        spec.Linux!.Devices.ShouldBe(
        [
            new LinuxDevice { Path = "/dev/fuse", Type = "c", Major = 10, Minor = 229, FileMode = 438, Uid = 0, Gid = 0 },
            new LinuxDevice { Path = "/dev/gpu/card0", Type = "c", Major = 226, Minor = 0, FileMode = 432, Uid = 0, Gid = 44 },
            new LinuxDevice { Path = "/dev/gpu/renderD128", Type = "c", Major = 226, Minor = 128, FileMode = 438, Uid = 0, Gid = 105 },
        ]);
        spec.Linux.Resources!.Devices.ShouldBe(
        [
            new LinuxDeviceCgroup { Allow = false, Access = "rwm" },
            new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 10, Minor = 229, Access = "rw" },
            new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 226, Minor = 0, Access = "mrw" },
            new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 226, Minor = 128, Access = "mrw" },
        ]);
    }

    [Fact]
    public void Build_MissingOrBadDevice_Throws()
    {
        Should.Throw<ContainerSpecException>(() => Build(extra: """, "devices": [{ "container_path": "/dev/x", "host_path": "/dev/nope", "permissions": "rwm" }]"""))
            .Message.ShouldBe("device /dev/nope does not exist on the host");
        Should.Throw<ContainerSpecException>(() => Build(extra: """, "devices": [{ "container_path": "/dev/x", "host_path": "/dev/null", "permissions": "rwx" }]"""))
            .Message.ShouldContain("invalid device permissions");
    }

    [Fact]
    public void Build_AdditionalDevices_FromConfig()
    {
        _host.Config = _host.Config with { Runtime = _host.Config.Runtime with { AdditionalDevices = ["/dev/fuse:/dev/fuse0:rw"] } };

        var spec = Build();

        spec.Linux!.Devices!.Single().ShouldBe(new LinuxDevice { Path = "/dev/fuse0", Type = "c", Major = 10, Minor = 229, FileMode = 438, Uid = 0, Gid = 0 });
        spec.Linux.Resources!.Devices![1].ShouldBe(new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 10, Minor = 229, Access = "rw" });
    }

    [Fact]
    public void Build_NoDevices_DenyAllRuleOnly()
    {
        var spec = Build();

        spec.Linux!.Devices.ShouldBeNull();
        spec.Linux.Resources!.Devices.ShouldBe([new LinuxDeviceCgroup { Allow = false, Access = "rwm" }]);
    }

    [Fact]
    public void Build_Sysctls_DefaultsThenPodAndBadDefaultSkipped()
    {
        _host.Config = _host.Config with { Runtime = _host.Config.Runtime with { DefaultSysctls = ["net.ipv4.ping_group_range = 0 2147483647", "vm.swappiness=10", "kernel.shmmax=1"] } };

        var sysctl = Build(podLinux: """{"sysctls": {"kernel.shmmax": "68719476736", "net.core.somaxconn": "1024"}, "security_context": {"namespace_options": {"pid": "CONTAINER"}}}""").Linux!.Sysctl!;

        sysctl.ShouldBe(new Dictionary<string, string>
        {
            ["kernel.shmmax"] = "68719476736",
            ["net.core.somaxconn"] = "1024",
            ["net.ipv4.ping_group_range"] = "0 2147483647",
        });
    }

    [Fact]
    public void Build_NonNamespacedPodSysctl_Throws()
    {
        Should.Throw<ContainerSpecException>(() => Build(podLinux: """{"sysctls": {"vm.overcommit_memory": "1"}, "security_context": {"namespace_options": {"pid": "CONTAINER"}}}"""))
            .Message.ShouldContain("not a namespaced sysctl");
    }

    [Fact]
    public void Build_HostIpcPod_IpcSysctlRejected()
    {
        Should.Throw<ContainerSpecException>(() => Build(
            pod: _host.Pod() with { IpcNamespacePath = null },
            podLinux: """{"sysctls": {"kernel.msgmax": "65536"}, "security_context": {"namespace_options": {"pid": "CONTAINER"}}}"""))
            .Message.ShouldContain("host IPC");
    }
}
