using Crisp.Oci.Spec;
using Crisp.Oci.Spec.Model;
using Shouldly;

namespace Crisp.Oci.Tests.Spec;

public sealed class ContainerMountTests : IDisposable
{
    private readonly SpecTestHost _host = new();

    public void Dispose() => _host.Dispose();

    private RuntimeSpec Build(string mountsJson = "[]", string securityContext = "", PodSandboxFacts? pod = null, string podLinux = """{"security_context": {"namespace_options": {"pid": "CONTAINER"}}}""")
    {
        var config = SpecTestHost.BasicContainer($$"""
            , "mounts": {{mountsJson}}
            , "linux": { "security_context": { "namespace_options": { "pid": "CONTAINER" } {{securityContext}} } }
            """);
        return _host.ContainerBuilder().Build(_host.Input(config, SpecTestHost.SandboxConfig(podLinux), pod: pod));
    }

    private static Mount At(RuntimeSpec spec, string destination) => spec.Mounts!.Single(m => m.Destination == destination);

    [Fact]
    public void Build_Defaults_StandardMountsAndPodFiles()
    {
        var spec = Build();

        spec.Mounts!.Select(m => m.Destination).ShouldBe(
        [
            "/proc", "/dev", "/sys", "/dev/pts", "/dev/shm", "/dev/mqueue", "/etc/resolv.conf", "/etc/hostname", "/etc/hosts", "/sys/fs/cgroup",
        ]);
        At(spec, "/dev").Options.ShouldBe(["nosuid", "strictatime", "mode=755", "size=65536k"]);
        At(spec, "/dev/pts").Options.ShouldBe(["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]);
        At(spec, "/sys").Options.ShouldBe(["nosuid", "noexec", "nodev", "ro"]);
        At(spec, "/sys/fs/cgroup").Options.ShouldBe(["nosuid", "noexec", "nodev", "relatime", "ro"]);
        At(spec, "/dev/shm").ShouldBe(new Mount { Destination = "/dev/shm", Type = "bind", Source = Path.Combine(_host.PodDir, "shm"), Options = At(spec, "/dev/shm").Options });
        At(spec, "/dev/shm").Options.ShouldBe(["rw", "bind"]);
        At(spec, "/etc/resolv.conf").Options.ShouldBe(["rw", "bind", "nodev", "nosuid", "noexec"]);
        At(spec, "/etc/hosts").Source.ShouldBe(Path.Combine(_host.PodDir, "hosts"));
    }

    [Fact]
    public void Build_ReadOnlyRootfs_PodFilesReadOnly()
    {
        var spec = Build(securityContext: """, "readonly_rootfs": true""");

        spec.Root!.Readonly.ShouldBeTrue();
        At(spec, "/etc/resolv.conf").Options![0].ShouldBe("ro");
        At(spec, "/etc/hostname").Options![0].ShouldBe("ro");
        At(spec, "/etc/hosts").Options![0].ShouldBe("ro");
    }

    [Fact]
    public void Build_ConfigReadOnly_AddsScratchTmpfs()
    {
        _host.Config = _host.Config with { Runtime = _host.Config.Runtime with { ReadOnly = true } };

        var spec = Build();

        spec.Root!.Readonly.ShouldBeTrue();
        At(spec, "/tmp").Options.ShouldBe(["rw", "noexec", "nosuid", "nodev", "tmpcopyup", "mode=1777"]);
        At(spec, "/run").Type.ShouldBe("tmpfs");
    }

    [Fact]
    public void Build_CriMounts_BindWithPropagationSortedByDepth()
    {
        var data = _host.HostDir("data");
        var logs = _host.HostDir("logs");
        var spec = Build($$"""
            [
              { "container_path": "/var/log/app/deep", "host_path": "{{logs}}", "propagation": "PROPAGATION_HOST_TO_CONTAINER" },
              { "container_path": "/data", "host_path": "{{data}}", "readonly": true, "selinux_relabel": true }
            ]
            """);

        var destinations = spec.Mounts!.Select(m => m.Destination).ToList();
        destinations.IndexOf("/data").ShouldBeLessThan(destinations.IndexOf("/var/log/app/deep"));
        At(spec, "/data").ShouldBe(new Mount { Destination = "/data", Type = "bind", Source = data, Options = At(spec, "/data").Options });
        At(spec, "/data").Options.ShouldBe(["rbind", "rprivate", "ro"]);
        At(spec, "/var/log/app/deep").Options.ShouldBe(["rbind", "rslave", "rw"]);
        spec.Linux!.RootfsPropagation.ShouldBe("rslave");
    }

    [Fact]
    public void Build_BidirectionalMount_RootfsShared()
    {
        var dir = _host.HostDir("shared");

        var spec = Build($$"""[{ "container_path": "/mnt", "host_path": "{{dir}}", "propagation": "PROPAGATION_BIDIRECTIONAL" }]""");

        At(spec, "/mnt").Options.ShouldBe(["rbind", "rshared", "rw"]);
        spec.Linux!.RootfsPropagation.ShouldBe("rshared");
    }

    [Fact]
    public void Build_CriMountAtDefaultDestination_ReplacesDefault()
    {
        var hosts = _host.WriteFile("kubelet/etc-hosts", "127.0.0.1 localhost\n");
        var termination = _host.WriteFile("kubelet/termination", "");

        var spec = Build($$"""
            [
              { "container_path": "/etc/hosts", "host_path": "{{hosts}}" },
              { "container_path": "/dev/termination-log", "host_path": "{{termination}}" }
            ]
            """);

        spec.Mounts!.Count(m => m.Destination == "/etc/hosts").ShouldBe(1);
        At(spec, "/etc/hosts").Source.ShouldBe(hosts);
        At(spec, "/etc/hosts").Options.ShouldBe(["rbind", "rprivate", "rw"]);
    }

    [Fact]
    public void Build_TerminationLogPath_BindMounted()
    {
        var log = _host.WriteFile("termination-log", "");
        var input = _host.Input(SpecTestHost.BasicContainer()) with { TerminationLogPath = log };

        var spec = _host.ContainerBuilder().Build(input);

        At(spec, "/dev/termination-log").ShouldBe(new Mount { Destination = "/dev/termination-log", Type = "bind", Source = log, Options = ["rw", "bind"] }, MountComparer.Instance);
    }

    [Fact]
    public void Build_CriDevMount_DropsEveryDefaultUnderDev()
    {
        var dev = _host.HostDir("dev");

        var spec = Build($$"""[{ "container_path": "/dev", "host_path": "{{dev}}" }]""");

        spec.Mounts!.Where(m => m.Destination.StartsWith("/dev", StringComparison.Ordinal)).Select(m => m.Destination).ShouldBe(["/dev"]);
    }

    [Fact]
    public void Build_RelativeContainerPath_Rejected()
    {
        var dir = _host.HostDir("x");

        Should.Throw<ContainerSpecException>(() => Build($$"""[{ "container_path": "data", "host_path": "{{dir}}" }]"""))
            .Message.ShouldBe("mount container_path \"data\" is not an absolute path");
    }

    [Fact]
    public void Build_MissingHostPath_CreatedAsDirectoryLikeCriO()
    {
        var missing = Path.Combine(_host.Root, "host", "missing", "nested");

        var spec = Build($$"""[{ "container_path": "/cache", "host_path": "{{missing}}" }]""");

        Directory.Exists(missing).ShouldBeTrue();
        At(spec, "/cache").Source.ShouldBe(missing);
    }

    [Fact]
    public void Build_MissingHostPathListedInAbsentMountSourcesToReject_Rejected()
    {
        var missing = Path.Combine(_host.Root, "host", "etc-hostname");
        _host.Config = _host.Config with { Runtime = _host.Config.Runtime with { AbsentMountSourcesToReject = [missing] } };

        var error = Should.Throw<ContainerSpecException>(() => Build($$"""[{ "container_path": "/etc/hostname", "host_path": "{{missing}}" }]"""));

        error.Message.ShouldBe($"cannot mount {missing}: path does not exist and will cause issues as a directory");
        Directory.Exists(missing).ShouldBeFalse();
    }

    [Fact]
    public void Build_SymlinkHostPath_ResolvedToTarget()
    {
        var target = _host.HostDir("target");
        var link = Path.Combine(_host.Root, "host", "link");
        File.CreateSymbolicLink(link, target);

        var spec = Build($$"""[{ "container_path": "/t", "host_path": "{{link}}" }]""");

        At(spec, "/t").Source.ShouldBe(target);
    }

    [Theory]
    [InlineData("""{ "container_path": "/r", "host_path": "HOST", "readonly": true, "recursive_read_only": true }""", "recursive read-only mounts are not supported")]
    [InlineData("""{ "container_path": "/r", "host_path": "HOST", "recursive_read_only": true }""", "conflicts with read-write mount")]
    [InlineData("""{ "container_path": "/r", "host_path": "" }""", "host_path is empty")]
    [InlineData("""{ "container_path": "", "host_path": "HOST" }""", "container_path is empty")]
    [InlineData("""{ "container_path": "/r", "image": { "image": "busybox" } }""", "image volume mounts are not supported")]
    [InlineData("""{ "container_path": "/r", "host_path": "HOST", "uidMappings": [{ "host_id": 1000, "container_id": 0, "length": 1 }] }""", "idmapped mounts")]
    public void Build_UnsupportedMount_Rejected(string mountJson, string message)
    {
        var dir = _host.HostDir("h");

        Should.Throw<ContainerSpecException>(() => Build("[" + mountJson.Replace("HOST", dir, StringComparison.Ordinal) + "]"))
            .Message.ShouldContain(message);
    }

    [Fact]
    public void Build_DuplicateDestination_Rejected()
    {
        var dir = _host.HostDir("d");

        Should.Throw<ContainerSpecException>(() => Build($$"""[{ "container_path": "/d", "host_path": "{{dir}}" }, { "container_path": "/d/", "host_path": "{{dir}}" }]"""))
            .Message.ShouldBe("duplicate mount point /d");
    }

    [Fact]
    public void Build_Privileged_SysAndCgroupWritable()
    {
        var spec = Build(securityContext: """, "privileged": true""", podLinux: """{"security_context": {"privileged": true, "namespace_options": {"pid": "CONTAINER"}}}""");

        At(spec, "/sys").Options.ShouldBe(["nosuid", "noexec", "nodev", "rw", "rslave"]);
        At(spec, "/sys/fs/cgroup").Options.ShouldBe(["nosuid", "noexec", "nodev", "relatime", "rw", "rslave"]);
    }

    [Fact]
    public void Build_PodWithoutShm_PrivateTmpfs()
    {
        var spec = Build(pod: _host.Pod() with { ShmPath = null });

        At(spec, "/dev/shm").Type.ShouldBe("tmpfs");
        At(spec, "/dev/shm").Options.ShouldBe(["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]);
    }

    private sealed class MountComparer : IEqualityComparer<Mount>
    {
        public static MountComparer Instance { get; } = new();

        public bool Equals(Mount? x, Mount? y) =>
            x is not null && y is not null && x.Destination == y.Destination && x.Type == y.Type && x.Source == y.Source
            && (x.Options ?? []).SequenceEqual(y.Options ?? []);

        public int GetHashCode(Mount obj) => obj.Destination.GetHashCode(StringComparison.Ordinal);
    }
}
