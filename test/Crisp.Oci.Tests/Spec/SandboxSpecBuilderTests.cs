using Crisp.Oci.Spec;
using Crisp.Oci.Spec.Images;
using Crisp.Oci.Spec.Model;
using Shouldly;

namespace Crisp.Oci.Tests.Spec;

public sealed class SandboxSpecBuilderTests : IDisposable
{
    private readonly SpecTestHost _host = new();

    public void Dispose() => _host.Dispose();

    private SandboxSpecInput Input(string linux = """{"cgroup_parent": "/kubepods/poduid-1", "security_context": {"namespace_options": {"pid": "POD"}}}""") => new()
    {
        Config = SpecTestHost.SandboxConfig(linux),
        SandboxId = "sb1234",
        SandboxName = "k8s_POD_nginx_default_uid-1_0",
        RootfsPath = _host.Rootfs,
        Network = NamespaceTarget.Join("/run/crisp/ns/netns/sb1234"),
        Ipc = NamespaceTarget.Join("/run/crisp/ns/ipcns/sb1234"),
        Uts = NamespaceTarget.Join("/run/crisp/ns/utsns/sb1234"),
        ShmPath = Path.Combine(_host.PodDir, "shm"),
        ResolvConfPath = Path.Combine(_host.PodDir, "resolv.conf"),
        HostnamePath = Path.Combine(_host.PodDir, "hostname"),
        RuntimeHandler = "runc",
        Created = SpecTestHost.Created,
    };

    [Fact]
    public void Build_PlainPod_PauseOnReadOnlyRootWithPodNamespaces()
    {
        var spec = _host.SandboxBuilder().Build(Input());

        spec.Process!.Args.ShouldBe(["/pause"]);
        spec.Process.User.ShouldBe(new User { Uid = 0, Gid = 0, AdditionalGids = spec.Process.User.AdditionalGids });
        spec.Process.NoNewPrivileges.ShouldBeTrue();
        spec.Process.OomScoreAdj.ShouldBe(0);
        spec.Process.Capabilities!.Bounding!.Count.ShouldBe(9);
        spec.Root.ShouldBe(new Root { Path = _host.Rootfs, Readonly = true });
        spec.Hostname.ShouldBe("nginx");
        spec.Linux!.Namespaces.ShouldBe(
        [
            new LinuxNamespace { Type = "pid" },
            new LinuxNamespace { Type = "network", Path = "/run/crisp/ns/netns/sb1234" },
            new LinuxNamespace { Type = "ipc", Path = "/run/crisp/ns/ipcns/sb1234" },
            new LinuxNamespace { Type = "uts", Path = "/run/crisp/ns/utsns/sb1234" },
            new LinuxNamespace { Type = "mount" },
        ]);
        spec.Linux.CgroupsPath.ShouldBe("/kubepods/poduid-1/crisp-sb1234");
        spec.Linux.Resources!.Cpu.ShouldBe(new LinuxCpu { Shares = 2 });
        spec.Linux.MaskedPaths.ShouldNotBeEmpty();
        spec.Linux.Seccomp.ShouldNotBeNull();
        spec.Mounts!.Select(m => m.Destination).ShouldBe(["/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys", "/etc/resolv.conf", "/etc/hostname"]);
        spec.Mounts!.Single(m => m.Destination == "/etc/resolv.conf").Options.ShouldBe(["ro", "bind", "nodev", "nosuid", "noexec"]);
    }

    [Fact]
    public void Build_HostMinimumAllowsIt_InfraOomScoreAdjIsMinus998()
    {
        _host.Facts = _host.Facts with { MinimumOomScoreAdj = -1000 };

        _host.SandboxBuilder().Build(Input()).Process!.OomScoreAdj.ShouldBe(-998);
    }

    [Fact]
    public void Build_HostNetworkAndHostPid_NoSuchNamespaces()
    {
        var input = Input("""{"security_context": {"namespace_options": {"network": "NODE", "pid": "NODE", "ipc": "NODE"}}}""") with
        {
            Network = null,
            Ipc = null,
        };

        var spec = _host.SandboxBuilder().Build(input);

        spec.Linux!.Namespaces!.Select(n => n.Type).ShouldBe(["uts", "mount"]);
        spec.Annotations!["io.crisp.HostNetwork"].ShouldBe("true");
    }

    [Fact]
    public void Build_EmptyPauseCommand_UsesImageEntrypoint()
    {
        _host.Config = _host.Config with { Image = _host.Config.Image with { PauseCommand = "" } };
        var input = Input() with { PauseImage = ImageConfig.Parse("""{"config": {"Entrypoint": ["/pause"], "Cmd": ["-v"]}}""") };

        _host.SandboxBuilder().Build(input).Process!.Args.ShouldBe(["/pause", "-v"]);
        Should.Throw<ContainerSpecException>(() => _host.SandboxBuilder().Build(Input())).Message.ShouldContain("unable to run pause image");
    }

    [Fact]
    public void Build_SystemdManagerWithCgroupfsParent_Throws()
    {
        _host.Config = _host.Config with { Runtime = _host.Config.Runtime with { CgroupManager = "systemd" } };

        Should.Throw<ContainerSpecException>(() => _host.SandboxBuilder().Build(Input())).Message.ShouldContain("is not a slice");
    }

    [Fact]
    public void Build_SystemdManagerWithSlice_SliceColonPrefixColonId()
    {
        _host.Config = _host.Config with { Runtime = _host.Config.Runtime with { CgroupManager = "systemd" } };

        _host.SandboxBuilder().Build(Input("""{"cgroup_parent": "kubepods-besteffort-poduid_1.slice", "security_context": {"namespace_options": {"pid": "POD"}}}""")).Linux!.CgroupsPath
            .ShouldBe("kubepods-besteffort-poduid_1.slice:crisp:sb1234");
    }

    [Fact]
    public void Build_Annotations_SandboxType()
    {
        var annotations = _host.SandboxBuilder().Build(Input()).Annotations!;

        annotations["io.crisp.ContainerType"].ShouldBe("sandbox");
        annotations["io.kubernetes.cri.container-type"].ShouldBe("sandbox");
        annotations["io.crisp.ContainerID"].ShouldBe("sb1234");
        annotations["io.crisp.Image"].ShouldBe("registry.k8s.io/pause:3.10");
        annotations["io.crisp.LogPath"].ShouldBe("/var/log/pods/default_nginx_uid-1/sb1234.log");
        annotations["io.kubernetes.cri.sandbox-log-directory"].ShouldBe("/var/log/pods/default_nginx_uid-1");
        annotations["io.crisp.ShmPath"].ShouldBe(Path.Combine(_host.PodDir, "shm"));
        annotations["io.crisp.HostNetwork"].ShouldBe("false");
        annotations["io.crisp.RuntimeHandler"].ShouldBe("runc");
        annotations["app"].ShouldBe("nginx");
    }

    [Fact]
    public void Build_SandboxRunAsUser_AppliedNumerically()
    {
        var spec = _host.SandboxBuilder().Build(Input("""{"security_context": {"run_as_user": {"value": 65535}, "run_as_group": {"value": 65535}, "supplemental_groups": [1], "namespace_options": {"pid": "POD"}}}"""));

        spec.Process!.User.Uid.ShouldBe(65535u);
        spec.Process.User.AdditionalGids.ShouldBe([65535u, 1u]);
    }

    [Fact]
    public void Build_PodSysctls_Applied()
    {
        var spec = _host.SandboxBuilder().Build(Input("""{"sysctls": {"net.ipv4.ip_unprivileged_port_start": "0"}, "security_context": {"namespace_options": {"pid": "POD"}}}"""));

        spec.Linux!.Sysctl!["net.ipv4.ip_unprivileged_port_start"].ShouldBe("0");
    }

    [Fact]
    public void Build_Json_IsRuncShaped()
    {
        var json = RuntimeSpecJson.Serialize(_host.SandboxBuilder().Build(Input()));

        json.ShouldContain("\"ociVersion\":\"1.0.2-dev\"");
        json.ShouldContain("\"oomScoreAdj\":0");
        json.ShouldContain("\"noNewPrivileges\":true");
        json.ShouldContain("\"cgroupsPath\":\"/kubepods/poduid-1/crisp-sb1234\"");
        json.ShouldNotContain("null");
    }
}
