using System.Text.Json.Nodes;
using Crisp.Oci.Spec.Model;
using Shouldly;

namespace Crisp.Oci.Tests.Spec;

public sealed class RuntimeSpecJsonTests
{
    // Output of `runc spec` (runc 1.1.5), trimmed of nothing.
    private const string RuncDefault = """
        {
          "ociVersion": "1.0.2-dev",
          "process": {
            "terminal": true,
            "user": { "uid": 0, "gid": 0 },
            "args": ["sh"],
            "env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"],
            "cwd": "/",
            "capabilities": {
              "bounding": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
              "effective": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
              "permitted": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
              "ambient": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"]
            },
            "rlimits": [{ "type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024 }],
            "noNewPrivileges": true
          },
          "root": { "path": "rootfs", "readonly": true },
          "hostname": "runc",
          "mounts": [
            { "destination": "/proc", "type": "proc", "source": "proc" },
            { "destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "strictatime", "mode=755", "size=65536k"] },
            { "destination": "/dev/pts", "type": "devpts", "source": "devpts", "options": ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"] },
            { "destination": "/dev/shm", "type": "tmpfs", "source": "shm", "options": ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"] },
            { "destination": "/dev/mqueue", "type": "mqueue", "source": "mqueue", "options": ["nosuid", "noexec", "nodev"] },
            { "destination": "/sys", "type": "sysfs", "source": "sysfs", "options": ["nosuid", "noexec", "nodev", "ro"] },
            { "destination": "/sys/fs/cgroup", "type": "cgroup", "source": "cgroup", "options": ["nosuid", "noexec", "nodev", "relatime", "ro"] }
          ],
          "linux": {
            "resources": { "devices": [{ "allow": false, "access": "rwm" }] },
            "namespaces": [{ "type": "pid" }, { "type": "network" }, { "type": "ipc" }, { "type": "uts" }, { "type": "mount" }],
            "maskedPaths": ["/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi"],
            "readonlyPaths": ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]
          }
        }
        """;

    [Fact]
    public void Deserialize_RuncDefaultSpec_RoundTripsToTheSameJson()
    {
        var spec = RuntimeSpecJson.Deserialize(RuncDefault);

        var again = JsonNode.Parse(RuntimeSpecJson.Serialize(spec));

        JsonNode.DeepEquals(again, JsonNode.Parse(RuncDefault)).ShouldBeTrue(again!.ToJsonString());
        spec.Process!.Capabilities!.Ambient.ShouldBe(["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"]);
        spec.Linux!.Namespaces!.Count.ShouldBe(5);
    }

    [Fact]
    public void Serialize_EveryField_UsesOciNames()
    {
        var spec = FullSpec();

        var json = RuntimeSpecJson.Serialize(spec);

        foreach (var name in new[]
        {
            "\"ociVersion\"", "\"consoleSize\"", "\"additionalGids\"", "\"umask\"", "\"noNewPrivileges\"", "\"apparmorProfile\"",
            "\"oomScoreAdj\"", "\"selinuxLabel\"", "\"cgroupsPath\"", "\"uidMappings\"", "\"containerID\"", "\"hostID\"",
            "\"disableOOMKiller\"", "\"swappiness\"", "\"reservation\"", "\"blockIO\"", "\"throttleReadIOPSDevice\"",
            "\"weightDevice\"", "\"leafWeight\"", "\"hugepageLimits\"", "\"pageSize\"", "\"unified\"", "\"realtimeRuntime\"",
            "\"defaultErrnoRet\"", "\"errnoRet\"", "\"valueTwo\"", "\"listenerPath\"", "\"rootfsPropagation\"", "\"maskedPaths\"",
            "\"readonlyPaths\"", "\"mountLabel\"", "\"personality\"", "\"fileMode\"", "\"createRuntime\"", "\"startContainer\"",
            "\"sysctl\"",
        })
        {
            json.ShouldContain(name);
        }

        json.ShouldNotContain("null");
    }

    [Fact]
    public void Serialize_DefaultsOfOmitEmptyFields_LeftOut()
    {
        var json = RuntimeSpecJson.Serialize(new RuntimeSpec
        {
            Process = new Process { Args = ["sh"] },
            Root = new Root { Path = "rootfs" },
            Linux = new LinuxSpec { Seccomp = new LinuxSeccomp { DefaultAction = "SCMP_ACT_ALLOW", Syscalls = [new LinuxSyscall { Names = ["read"], Action = "SCMP_ACT_ALLOW", Args = [new LinuxSeccompArg { Index = 0, Value = 1, Op = "SCMP_CMP_EQ" }] }] } },
        });

        json.ShouldBe("""{"ociVersion":"1.0.2-dev","process":{"user":{"uid":0,"gid":0},"args":["sh"],"cwd":"/"},"root":{"path":"rootfs"},"linux":{"seccomp":{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":1,"op":"SCMP_CMP_EQ"}]}]}}}""");
    }

    [Fact]
    public void Deserialize_FullSpec_RoundTripsEqualJson()
    {
        var json = RuntimeSpecJson.Serialize(FullSpec(), indented: true);

        var again = RuntimeSpecJson.Serialize(RuntimeSpecJson.Deserialize(System.Text.Encoding.UTF8.GetBytes(json)), indented: true);

        again.ShouldBe(json);
        json.ShouldContain("\n  \"process\": {");
    }

    private static RuntimeSpec FullSpec() => new()
    {
        Process = new Process
        {
            Terminal = true,
            ConsoleSize = new ConsoleSize { Height = 24, Width = 80 },
            User = new User { Uid = 1000, Gid = 1000, Umask = 18, AdditionalGids = [1000, 10] },
            Args = ["/bin/sh"],
            Env = ["PATH=/bin"],
            Cwd = "/work",
            Capabilities = new ProcessCapabilities { Bounding = ["CAP_KILL"], Effective = ["CAP_KILL"], Permitted = ["CAP_KILL"], Inheritable = ["CAP_KILL"], Ambient = ["CAP_KILL"] },
            Rlimits = [new PosixRlimit { Type = "RLIMIT_NOFILE", Hard = 2048, Soft = 1024 }],
            NoNewPrivileges = true,
            ApparmorProfile = "crisp-default",
            OomScoreAdj = 500,
            SelinuxLabel = "system_u:system_r:container_t:s0",
        },
        Root = new Root { Path = "/var/lib/crisp/rootfs", Readonly = true },
        Hostname = "pod",
        Mounts = [new Mount { Destination = "/data", Type = "bind", Source = "/srv", Options = ["rbind", "ro"], UidMappings = [new IdMapping { ContainerId = 0, HostId = 100000, Size = 65536 }] }],
        Hooks = new Hooks { CreateRuntime = [new Hook { Path = "/bin/hook", Args = ["hook"], Timeout = 5 }], StartContainer = [new Hook { Path = "/bin/true" }] },
        Annotations = new Dictionary<string, string> { ["a"] = "b" },
        Linux = new LinuxSpec
        {
            UidMappings = [new IdMapping { ContainerId = 0, HostId = 100000, Size = 65536 }],
            GidMappings = [new IdMapping { ContainerId = 0, HostId = 100000, Size = 65536 }],
            Sysctl = new Dictionary<string, string> { ["net.core.somaxconn"] = "1024" },
            Resources = new LinuxResources
            {
                Devices = [new LinuxDeviceCgroup { Allow = false, Access = "rwm" }, new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 1, Minor = 3, Access = "rw" }],
                Memory = new LinuxMemory { Limit = 1 << 28, Reservation = 1 << 27, Swap = 1 << 28, Swappiness = 0, DisableOomKiller = false },
                Cpu = new LinuxCpu { Shares = 1024, Quota = 50000, Period = 100000, RealtimeRuntime = 0, RealtimePeriod = 0, Cpus = "0-1", Mems = "0" },
                Pids = new LinuxPids { Limit = 100 },
                BlockIo = new LinuxBlockIo
                {
                    Weight = 500,
                    LeafWeight = 300,
                    WeightDevice = [new LinuxWeightDevice { Major = 8, Minor = 0, Weight = 500, LeafWeight = 300 }],
                    ThrottleReadIopsDevice = [new LinuxThrottleDevice { Major = 8, Minor = 0, Rate = 100 }],
                },
                HugepageLimits = [new HugepageLimit { PageSize = "2MB", Limit = 1 << 22 }],
                Unified = new Dictionary<string, string> { ["memory.high"] = "max" },
            },
            CgroupsPath = "/kubepods/crisp-x",
            Namespaces = [new LinuxNamespace { Type = NamespaceTypes.Network, Path = "/run/netns/x" }, new LinuxNamespace { Type = NamespaceTypes.Mount }],
            Devices = [new LinuxDevice { Path = "/dev/fuse", Type = "c", Major = 10, Minor = 229, FileMode = 438, Uid = 0, Gid = 0 }],
            Seccomp = new LinuxSeccomp
            {
                DefaultAction = "SCMP_ACT_ERRNO",
                DefaultErrnoRet = 1,
                Architectures = ["SCMP_ARCH_X86_64"],
                Flags = ["SECCOMP_FILTER_FLAG_LOG"],
                ListenerPath = "/run/seccomp.sock",
                Syscalls = [new LinuxSyscall { Names = ["clone"], Action = "SCMP_ACT_ALLOW", ErrnoRet = 1, Args = [new LinuxSeccompArg { Index = 0, Value = 2114060288, ValueTwo = 1, Op = "SCMP_CMP_MASKED_EQ" }] }],
            },
            RootfsPropagation = "rslave",
            MaskedPaths = ["/proc/kcore"],
            ReadonlyPaths = ["/proc/sys"],
            MountLabel = "system_u:object_r:container_file_t:s0",
            Personality = new LinuxPersonality { Domain = "LINUX32" },
        },
    };
}
