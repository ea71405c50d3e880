using Crisp.Ctl.Input;
using Runtime.V1;
using Shouldly;

namespace Crisp.Unit.Tests.Ctl;

public sealed class ConfigFilesTests
{
    [Fact]
    public void Parse_SeedSnakeCaseJson_FillsTheSandboxConfig()
    {
        var config = ConfigFiles.Parse("""
            {
                "metadata": { "name": "nginx-sandbox", "namespace": "default", "attempt": 1, "uid": "hdishd83djaidwnduwk28bcsb" },
                "log_directory": "/tmp",
                "linux": { "cgroup_parent": "/crisp-test" },
                "port_mappings": [ { "container_port": 80, "host_port": 8080 } ],
                "unknown_field": { "ignored": true }
            }
            """, yaml: false, PodSandboxConfig.Parser);

        config.Metadata.Name.ShouldBe("nginx-sandbox");
        config.Metadata.Attempt.ShouldBe(1u);
        config.LogDirectory.ShouldBe("/tmp");
        config.Linux.CgroupParent.ShouldBe("/crisp-test");
        config.PortMappings.Single().HostPort.ShouldBe(8080);
    }

    [Fact]
    public void Parse_CamelCaseJson_FillsTheContainerConfig()
    {
        var config = ConfigFiles.Parse("""
            { "metadata": { "name": "redis" }, "image": { "image": "redis:alpine" }, "logPath": "redis/0.log",
              "command": ["sh", "-c", "echo hi"], "envs": [ { "key": "A", "value": "1" } ], "stdin": true,
              "linux": { "resources": { "memoryLimitInBytes": "209715200", "cpuShares": 512 } } }
            """, yaml: false, ContainerConfig.Parser);

        config.LogPath.ShouldBe("redis/0.log");
        config.Command.ShouldBe(["sh", "-c", "echo hi"]);
        config.Envs.Single().Value.ToStringUtf8().ShouldBe("1");
        config.Stdin.ShouldBeTrue();
        config.Linux.Resources.MemoryLimitInBytes.ShouldBe(209715200);
        config.Linux.Resources.CpuShares.ShouldBe(512);
    }

    [Fact]
    public void Parse_CamelCaseYaml_TypesScalarsByTheirFields()
    {
        var config = ConfigFiles.Parse("""
            # a container
            metadata:
              name: web
              attempt: 2
            image:
              image: "busybox:1.36"
            command: [sh, -c]
            args:
            - |
              echo one
              echo two
            labels:
              version: "1"
              count: 3
            logPath: web/2.log
            tty: yes
            envs:
              - key: MODE
                value: 'it''s'
              - {key: N, value: 10}
            linux:
              resources:
                cpuQuota: 20000
                cpusetCpus: 0
              securityContext:
                namespaceOptions:
                  pid: CONTAINER
            """, yaml: true, ContainerConfig.Parser);

        config.Metadata.Name.ShouldBe("web");
        config.Metadata.Attempt.ShouldBe(2u);
        config.Image.Image.ShouldBe("busybox:1.36");
        config.Command.ShouldBe(["sh", "-c"]);
        config.Args.Single().ShouldBe("echo one\necho two\n");
        config.Labels["version"].ShouldBe("1");
        config.Labels["count"].ShouldBe("3");
        config.LogPath.ShouldBe("web/2.log");
        config.Tty.ShouldBeTrue();
        config.Envs.Select(e => (e.Key, e.Value.ToStringUtf8())).ShouldBe([("MODE", "it's"), ("N", "10")]);
        config.Linux.Resources.CpuQuota.ShouldBe(20000);
        config.Linux.Resources.CpusetCpus.ShouldBe("0");
        config.Linux.SecurityContext.NamespaceOptions.Pid.ShouldBe(NamespaceMode.Container);
    }

    [Fact]
    public void Parse_SnakeCaseYamlWithUnknownKeys_IgnoresThem()
    {
        var config = ConfigFiles.Parse("metadata:\n  name: p\n  uid: u1\nlog_directory: /var/log/pods/x\nextra:\n  - a\n", yaml: true, PodSandboxConfig.Parser);

        config.Metadata.Uid.ShouldBe("u1");
        config.LogDirectory.ShouldBe("/var/log/pods/x");
    }

    [Theory]
    [InlineData("metadata:\n  name: [a\n")]
    [InlineData("metadata:\n  name: x\n    bad: indent\n")]
    [InlineData("metadata: 5\n")]
    [InlineData("metadata:\n  attempt: many\n")]
    public void Parse_BadYaml_Throws(string yaml) =>
        Should.Throw<Exception>(() => ConfigFiles.Parse(yaml, yaml: true, PodSandboxConfig.Parser));

    [Fact]
    public void Load_MissingFileAndInvalidJson_AreOneLineCtlErrors()
    {
        var missing = Should.Throw<Crisp.Ctl.CtlException>(() => ConfigFiles.Load("/nonexistent/pod.json", PodSandboxConfig.Parser, "pod sandbox config"));
        missing.Message.ShouldBe("load pod sandbox config: open /nonexistent/pod.json: no such file or directory");

        var path = Path.GetTempFileName() + ".json";
        try
        {
            File.WriteAllText(path, "{\"metadata\": {\"name\": 1,\n}");
            var invalid = Should.Throw<Crisp.Ctl.CtlException>(() => ConfigFiles.Load(path, PodSandboxConfig.Parser, "pod sandbox config"));
            invalid.Message.ShouldStartWith($"load pod sandbox config from {path}: ");
            invalid.Message.ShouldNotContain("\n");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
