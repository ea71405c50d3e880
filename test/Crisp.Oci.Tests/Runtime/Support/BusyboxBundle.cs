using System.Text.Json.Nodes;

namespace Crisp.Oci.Tests.Runtime.Support;

/// <summary>
/// An OCI bundle whose rootfs is the host's static busybox (Debian busybox-static) with applet symlinks, and a
/// config.json shaped like <c>runc spec</c> output: no terminal, new pid/ipc/uts/mount/network namespaces,
/// cgroupfs path <c>/crisp-test/&lt;id&gt;</c>, no oomScoreAdj (negative values are refused on these hosts).
/// </summary>
internal static class BusyboxBundle
{
    public const string Busybox = "/bin/busybox";

    private static readonly string[] _applets =
        ["sh", "echo", "sleep", "cat", "true", "false", "head", "tr", "dd", "ls", "ps", "yes", "seq", "grep", "trap", "env", "id", "wc"];

    public static string CgroupsPath(string id) => $"{TestCgroupParent.Path}/{id}";

    public static void Create(string bundle, string id, IReadOnlyList<string> args, Action<JsonObject>? customize = null)
    {
        var rootfs = Path.Combine(bundle, "rootfs");
        foreach (var dir in new[] { "bin", "proc", "dev", "sys", "tmp", "etc" })
        {
            Directory.CreateDirectory(Path.Combine(rootfs, dir));
        }

        File.Copy(Busybox, Path.Combine(rootfs, "bin", "busybox"));
        foreach (var applet in _applets)
        {
            File.CreateSymbolicLink(Path.Combine(rootfs, "bin", applet), "busybox");
        }

        var config = Config(id, args);
        customize?.Invoke(config);
        File.WriteAllText(Path.Combine(bundle, "config.json"), config.ToJsonString());
    }

    private static JsonObject Config(string id, IReadOnlyList<string> args)
    {
        var argArray = new JsonArray();
        foreach (var arg in args)
        {
            argArray.Add((JsonNode)JsonValue.Create(arg));
        }

        var config = JsonNode.Parse("""
            {
              "ociVersion": "1.0.2-dev",
              "process": {
                "terminal": false,
                "user": { "uid": 0, "gid": 0 },
                "args": [],
                "env": [ "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm" ],
                "cwd": "/",
                "capabilities": {
                  "bounding": [ "CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE" ],
                  "effective": [ "CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE" ],
                  "permitted": [ "CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE" ],
                  "ambient": [ "CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE" ]
                },
                "rlimits": [ { "type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024 } ],
                "noNewPrivileges": true
              },
              "root": { "path": "rootfs", "readonly": true },
              "hostname": "crisp-test",
              "mounts": [
                { "destination": "/proc", "type": "proc", "source": "proc" },
                { "destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": [ "nosuid", "strictatime", "mode=755", "size=65536k" ] },
                { "destination": "/dev/pts", "type": "devpts", "source": "devpts", "options": [ "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5" ] },
                { "destination": "/sys", "type": "sysfs", "source": "sysfs", "options": [ "nosuid", "noexec", "nodev", "ro" ] },
                { "destination": "/tmp", "type": "tmpfs", "source": "tmpfs", "options": [ "nosuid", "nodev", "mode=1777" ] }
              ],
              "linux": {
                "resources": { "devices": [ { "allow": false, "access": "rwm" } ] },
                "namespaces": [ { "type": "pid" }, { "type": "network" }, { "type": "ipc" }, { "type": "uts" }, { "type": "mount" } ],
                "maskedPaths": [ "/proc/kcore", "/proc/keys", "/proc/timer_list", "/sys/firmware" ],
                "readonlyPaths": [ "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger" ]
              }
            }
            """)!.AsObject();
        config["process"]!["args"] = argArray;
        config["linux"]!["cgroupsPath"] = CgroupsPath(id);
        return config;
    }
}
