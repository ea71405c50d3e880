using System.Text;
using Crisp.Config;
using Crisp.Oci.Spec;
using Crisp.Oci.Spec.Host;
using Google.Protobuf;
using Runtime.V1;
using ImageConfig = Crisp.Oci.Spec.Images.ImageConfig;

namespace Crisp.Oci.Tests.Spec;

/// <summary>
/// A temporary directory holding a fake container rootfs (with etc/passwd and etc/group), pod files and
/// host directories for bind mounts, plus helpers to build CRI configs from crictl-style JSON.
/// </summary>
internal sealed class SpecTestHost : IDisposable
{
    public const string Passwd = """
        root:x:0:0:root:/root:/bin/sh
        daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
        nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
        app:x:1000:1000:App User:/home/app:/bin/sh
        web:x:33:33:www-data:/var/www:/usr/sbin/nologin
        """;

    public const string Group = """
        root:x:0:
        daemon:x:1:
        tty:x:5:
        wheel:x:10:app,root
        audio:x:29:app
        www-data:x:33:
        nogroup:x:65534:
        app:x:1000:
        # comment:x:999:app
        """;

    public static readonly DateTimeOffset Created = new(2026, 11, 2, 10, 20, 30, 123, TimeSpan.Zero);

    private static readonly JsonParser _parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public SpecTestHost()
    {
        Root = Directory.CreateTempSubdirectory("crisp-spec-").FullName;
        Rootfs = Path.Combine(Root, "rootfs");
        Directory.CreateDirectory(Path.Combine(Rootfs, "etc"));
        File.WriteAllText(Path.Combine(Rootfs, "etc", "passwd"), Passwd + "\n");
        File.WriteAllText(Path.Combine(Rootfs, "etc", "group"), Group + "\n");
        PodDir = Path.Combine(Root, "pod");
        Directory.CreateDirectory(PodDir);
        foreach (var name in new[] { "hostname", "resolv.conf", "hosts" })
        {
            File.WriteAllText(Path.Combine(PodDir, name), name + "\n");
        }

        Directory.CreateDirectory(Path.Combine(PodDir, "shm"));
    }

    public string Root { get; }

    public string Rootfs { get; }

    public string PodDir { get; }

    public FakeDeviceProbe Devices { get; } = new();

    public SpecHostFacts Facts { get; set; } = new()
    {
        MinimumOomScoreAdj = 0,
        CgroupV2 = false,
        AppArmorEnabled = false,
        Architecture = "amd64",
        KernelVersion = new Version(6, 18),
        LastCapability = 40,
    };

    public CrispConfig Config { get; set; } = CrispDefaults.Create(systemd: false);

    /// <summary>A host directory (created) usable as a bind-mount source.</summary>
    public string HostDir(string name)
    {
        var path = Path.Combine(Root, "host", name);
        Directory.CreateDirectory(path);
        return path;
    }

    public string WriteFile(string relative, string content)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public ContainerSpecBuilder ContainerBuilder() => new(Config, Facts, Devices, timeProvider: null, logger: null);

    public SandboxSpecBuilder SandboxBuilder() => new(Config, Facts);

    public PodSandboxFacts Pod(bool hostNetwork = false) => new()
    {
        Id = "sb1234",
        Name = "k8s_POD_nginx_default_uid-1_0",
        Hostname = "nginx",
        NetworkNamespacePath = hostNetwork ? null : "/run/crisp/ns/netns/sb1234",
        IpcNamespacePath = "/run/crisp/ns/ipcns/sb1234",
        UtsNamespacePath = "/run/crisp/ns/utsns/sb1234",
        PidNamespacePath = "/proc/4242/ns/pid",
        HostnamePath = Path.Combine(PodDir, "hostname"),
        ResolvConfPath = Path.Combine(PodDir, "resolv.conf"),
        HostsPath = Path.Combine(PodDir, "hosts"),
        ShmPath = Path.Combine(PodDir, "shm"),
        HostNetwork = hostNetwork,
    };

    public ContainerSpecInput Input(ContainerConfig container, PodSandboxConfig? sandbox = null, ImageConfig? image = null, PodSandboxFacts? pod = null) => new()
    {
        Config = container,
        SandboxConfig = sandbox ?? SandboxConfig(),
        Image = image ?? Image(),
        RootfsPath = Rootfs,
        ContainerId = "ctr5678",
        ContainerName = "k8s_nginx_nginx_default_uid-1_0",
        Sandbox = pod ?? Pod(),
        ImageRef = "sha256:feedface",
        Created = Created,
    };

    public static ContainerConfig Container(string json) => _parser.Parse<ContainerConfig>(json);

    public static PodSandboxConfig Sandbox(string json) => _parser.Parse<PodSandboxConfig>(json);

    /// <summary>crictl's sandbox-config.json, as the kubelet would fill it for a plain pod.</summary>
    public static PodSandboxConfig SandboxConfig(string linux = """{"security_context": {"namespace_options": {"pid": "CONTAINER"}}}""") => Sandbox($$"""
        {
          "metadata": { "name": "nginx", "namespace": "default", "uid": "uid-1", "attempt": 0 },
          "hostname": "nginx",
          "log_directory": "/var/log/pods/default_nginx_uid-1",
          "labels": { "app": "nginx", "io.kubernetes.pod.name": "nginx" },
          "annotations": { "kubernetes.io/config.source": "api" },
          "linux": {{linux}}
        }
        """);

    /// <summary>A container config like crictl's container-config.json with kubelet-style labels.</summary>
    public static ContainerConfig BasicContainer(string extra = "") => Container($$"""
        {
          "metadata": { "name": "nginx", "attempt": 1 },
          "image": { "image": "docker.io/library/nginx:1.27" },
          "log_path": "nginx/1.log",
          "labels": {
            "io.kubernetes.container.name": "nginx",
            "io.kubernetes.pod.name": "nginx",
            "io.kubernetes.pod.namespace": "default",
            "io.kubernetes.pod.uid": "uid-1"
          },
          "annotations": { "io.kubernetes.container.hash": "abc123", "io.kubernetes.container.restartCount": "1" },
          "linux": { "security_context": { "namespace_options": { "pid": "CONTAINER" } } }
          {{extra}}
        }
        """);

    /// <summary>An image config like nginx's.</summary>
    public static ImageConfig Image(string? user = null, string? workingDir = null) => ImageConfig.Parse($$"""
        {
          "architecture": "amd64",
          "os": "linux",
          "config": {
            "User": {{(user is null ? "null" : "\"" + user + "\"")}},
            "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "NGINX_VERSION=1.27.0"],
            "Entrypoint": ["/docker-entrypoint.sh"],
            "Cmd": ["nginx", "-g", "daemon off;"],
            "WorkingDir": "{{workingDir ?? ""}}",
            "ExposedPorts": { "80/tcp": {} },
            "StopSignal": "SIGQUIT",
            "Labels": { "maintainer": "NGINX Docker Maintainers" }
          },
          "rootfs": { "type": "layers", "diff_ids": ["sha256:aaa", "sha256:bbb"] }
        }
        """);

    public static KeyValue Env(string key, string value) => new() { Key = key, Value = ByteString.CopyFrom(value, Encoding.UTF8) };

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>A device table standing in for the host's /dev.</summary>
internal sealed class FakeDeviceProbe : IDeviceProbe
{
    private readonly Dictionary<string, DeviceLookup> _paths = new(StringComparer.Ordinal);

    public FakeDeviceProbe()
    {
        AddDevice("/dev/null", "c", 1, 3);
        AddDevice("/dev/fuse", "c", 10, 229);
        AddDevice("/dev/sda", "b", 8, 0, 432 /* 0660 */, gid: 6);
        var dri = new[]
        {
            new HostDevice("/dev/dri/card0", "c", 226, 0, 432 /* 0660 */, 0, 44),
            new HostDevice("/dev/dri/renderD128", "c", 226, 128, 438 /* 0666 */, 0, 105),
        };
        _paths["/dev/dri"] = new DeviceLookup("/dev/dri", IsDirectory: true, dri);
        _paths["/etc/hostname"] = new DeviceLookup("/etc/hostname", IsDirectory: false, []);
    }

    public IReadOnlyList<HostDevice> HostDevices { get; set; } =
    [
        new HostDevice("/dev/null", "c", 1, 3, 438 /* 0666 */, 0, 0),
        new HostDevice("/dev/sda", "b", 8, 0, 432 /* 0660 */, 0, 6),
        new HostDevice("/dev/fuse", "c", 10, 229, 438 /* 0666 */, 0, 0),
    ];

    public void AddDevice(string path, string type, long major, long minor, uint mode = 438 /* 0666 */, uint uid = 0, uint gid = 0) =>
        _paths[path] = new DeviceLookup(path, IsDirectory: false, [new HostDevice(path, type, major, minor, mode, uid, gid)]);

    public DeviceLookup? Find(string hostPath) => _paths.GetValueOrDefault(hostPath);

    public IReadOnlyList<HostDevice> ListHostDevices() => HostDevices;
}
