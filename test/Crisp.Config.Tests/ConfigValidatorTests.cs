using Shouldly;
using Xunit;

namespace Crisp.Config.Tests;

public sealed class ConfigValidatorTests
{
    private static readonly CrispConfig _defaults = CrispDefaults.Create(false);

    private static ConfigValidator Validator(FakeFileSystem? files = null)
    {
        files ??= FakeFileSystem.WithRuncAndConmon();
        return new ConfigValidator(files, files);
    }

    private static ConfigException Invalid(CrispConfig config, FakeFileSystem? files = null) =>
        Should.Throw<ConfigException>(() => Validator(files).Validate(config));

    [Fact]
    public void Validate_DefaultsWithRuncAndConmonInstalled_HasNoIssues()
    {
        var result = Validator().Check(_defaults);

        result.Errors.ShouldBeEmpty();
        result.Warnings.ShouldBeEmpty();
        result.IsValid.ShouldBeTrue();
    }

    [Fact]
    public void Validate_InvalidCgroupManager_ErrorNamesKey()
    {
        var config = _defaults with { Runtime = _defaults.Runtime with { CgroupManager = "cgroupv3" } };

        var error = Invalid(config);

        error.Key.ShouldBe("crio.runtime.cgroup_manager");
        error.Message.ShouldContain("\"cgroupv3\"");
    }

    [Fact]
    public void Validate_ErrorFromLoadedFile_NamesTheFile()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("crisp.conf", "[crio.runtime]\ncgroup_manager = \"cgroupv3\"\n");
        var loaded = Loaders.NoSystemd(dir.Path).Load(file);

        var error = Should.Throw<ConfigException>(() => Validator().Validate(loaded.Config, loaded.Origins));

        error.File.ShouldBe(file);
        error.Message.ShouldStartWith($"{file}: crio.runtime.cgroup_manager: invalid cgroup manager");
    }

    [Fact]
    public void Validate_MissingRuntimeBinaryInPath_ErrorNamesHandlerAndName()
    {
        var files = new FakeFileSystem().AddExecutable("/usr/bin/conmon");

        var error = Invalid(_defaults, files);

        error.Key.ShouldBe("crio.runtime.runtimes.runc.runtime_path");
        error.Reason.ShouldBe("runtime binary for handler \"runc\" not found: \"runc\" was not found in PATH");
    }

    [Fact]
    public void Validate_MissingRuntimePath_ErrorNamesPathTried()
    {
        var config = _defaults with
        {
            Runtime = _defaults.Runtime with
            {
                Runtimes = _defaults.Runtime.Runtimes.SetItem("runc", _defaults.Runtime.Runtimes["runc"] with { RuntimePath = "/opt/runc/bin/runc" }),
            },
        };

        var error = Invalid(config);

        error.Reason.ShouldContain("handler \"runc\"");
        error.Reason.ShouldContain("/opt/runc/bin/runc");
    }

    [Fact]
    public void Validate_UnknownDefaultRuntime_ErrorNamesKey()
    {
        var config = _defaults with { Runtime = _defaults.Runtime with { DefaultRuntime = "crun" } };

        var error = Invalid(config);

        error.Key.ShouldBe("crio.runtime.default_runtime");
        error.Reason.ShouldContain("[crio.runtime.runtimes.crun]");
    }

    [Fact]
    public void Validate_EmptyDefaultRuntime_FallsBackToRunc()
    {
        var config = _defaults with { Runtime = _defaults.Runtime with { DefaultRuntime = "" } };

        Validator().Check(config).IsValid.ShouldBeTrue();
        config.Runtime.ResolveHandlerName(null).ShouldBe("runc");
    }

    [Fact]
    public void Validate_ConmonNotInPath_Errors()
    {
        var files = new FakeFileSystem().AddExecutable("/usr/bin/runc");

        var error = Invalid(_defaults, files);

        error.Key.ShouldBe("crio.runtime.conmon");
        error.Reason.ShouldBe("conmon was not found in PATH");
    }

    [Fact]
    public void Validate_ConmonSetButMissing_ErrorNamesPath()
    {
        var config = _defaults with { Runtime = _defaults.Runtime with { Conmon = "/opt/conmon" } };

        var error = Invalid(config);

        error.Key.ShouldBe("crio.runtime.conmon");
        error.Reason.ShouldContain("/opt/conmon");
    }

    [Fact]
    public void Validate_ExtraHandlerWithoutBinary_OnlyWarns()
    {
        var config = _defaults with
        {
            Runtime = _defaults.Runtime with { Runtimes = _defaults.Runtime.Runtimes.SetItem("crun", new RuntimeHandler()) },
        };

        var result = Validator().Check(config);

        result.Errors.ShouldBeEmpty();
        var warning = result.Warnings.ShouldHaveSingleItem();
        warning.Key.ShouldBe("crio.runtime.runtimes.crun.runtime_path");
        warning.Message.ShouldContain("unusable");
    }

    [Fact]
    public void Validate_ConmonCgroupNotPodWithCgroupfs_Errors()
    {
        var config = _defaults with { Runtime = _defaults.Runtime with { ConmonCgroup = "system.slice" } };

        var error = Invalid(config);

        error.Key.ShouldBe("crio.runtime.conmon_cgroup");
    }

    [Fact]
    public void Validate_SystemdDefaults_ArePassing()
    {
        Validator().Check(CrispDefaults.Create(true)).IsValid.ShouldBeTrue();
    }

    [Theory]
    [InlineData("trace")]
    [InlineData("debug")]
    [InlineData("info")]
    [InlineData("warn")]
    [InlineData("warning")]
    [InlineData("error")]
    [InlineData("fatal")]
    [InlineData("panic")]
    [InlineData("DEBUG")]
    public void Validate_CrioLogLevels_AreAccepted(string level)
    {
        var config = _defaults with { Runtime = _defaults.Runtime with { LogLevel = level } };

        Validator().Check(config).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void Validate_UnknownLogLevel_Errors()
    {
        var config = _defaults with { Runtime = _defaults.Runtime with { LogLevel = "verbose" } };

        Invalid(config).Key.ShouldBe("crio.runtime.log_level");
    }

    [Theory]
    [InlineData("mkdir", true)]
    [InlineData("bind", true)]
    [InlineData("ignore", true)]
    [InlineData("copy", false)]
    public void Validate_ImageVolumes(string value, bool valid)
    {
        var config = _defaults with { Image = _defaults.Image with { ImageVolumes = value } };

        var result = Validator().Check(config);

        result.IsValid.ShouldBe(valid);
        if (!valid)
        {
            result.Errors.ShouldHaveSingleItem().Key.ShouldBe("crio.image.image_volumes");
        }
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("10010", true)]
    [InlineData("65535", true)]
    [InlineData("65536", false)]
    [InlineData("-1", false)]
    [InlineData("http", false)]
    [InlineData("", false)]
    public void Validate_StreamPort(string port, bool valid)
    {
        var config = _defaults with { Api = _defaults.Api with { StreamPort = port } };

        Validator().Check(config).IsValid.ShouldBe(valid);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(65535, true)]
    [InlineData(65536, false)]
    [InlineData(-1, false)]
    public void Validate_MetricsPort(int port, bool valid)
    {
        var config = new ConfigOverrides { MetricsPort = port }.ApplyTo(_defaults);

        Validator().Check(config).IsValid.ShouldBe(valid);
    }

    [Fact]
    public void Validate_Capabilities_AcceptPrefixAndAnyCase()
    {
        var config = _defaults with { Runtime = _defaults.Runtime with { DefaultCapabilities = ["cap_chown", "CAP_NET_RAW", "sys_admin"] } };

        Validator().Check(config).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void Validate_UnknownCapability_ErrorNamesIndex()
    {
        var config = _defaults with { Runtime = _defaults.Runtime with { DefaultCapabilities = ["CHOWN", "CAP_FLY"] } };

        var error = Invalid(config);

        error.Key.ShouldBe("crio.runtime.default_capabilities[1]");
        error.Reason.ShouldContain("CAP_FLY");
    }

    [Fact]
    public void Validate_SeccompProfile_MustExist()
    {
        var config = _defaults with { Runtime = _defaults.Runtime with { SeccompProfile = "/etc/crisp/seccomp.json" } };

        Invalid(config).Key.ShouldBe("crio.runtime.seccomp_profile");
        Validator(FakeFileSystem.WithRuncAndConmon().AddFile("/etc/crisp/seccomp.json")).Check(config).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void Validate_SmallLogSizeMax_Errors()
    {
        var config = _defaults with { Runtime = _defaults.Runtime with { LogSizeMax = 4096 } };

        Invalid(config).Key.ShouldBe("crio.runtime.log_size_max");
    }

    [Fact]
    public void Validate_ShortStopTimeout_WarnsOnly()
    {
        var config = _defaults with { Runtime = _defaults.Runtime with { CtrStopTimeout = 5 } };

        var warnings = Validator().Validate(config);

        warnings.ShouldHaveSingleItem().Key.ShouldBe("crio.runtime.ctr_stop_timeout");
    }

    [Fact]
    public void Validate_SeveralErrors_AreAllReported()
    {
        var config = _defaults with
        {
            Runtime = _defaults.Runtime with { CgroupManager = "x", LogLevel = "y" },
            Image = _defaults.Image with { ImageVolumes = "z" },
        };

        var error = Invalid(config);

        error.Issues.Select(i => i.Key).ShouldBe(["crio.runtime.cgroup_manager", "crio.runtime.log_level", "crio.image.image_volumes"]);
        error.Message.ShouldStartWith("3 configuration errors:");
    }

    [Fact]
    public void Validate_MalformedValueFormats_Error()
    {
        var config = _defaults with
        {
            Runtime = _defaults.Runtime with
            {
                DefaultSysctls = ["net.ipv4.ping_group_range = 0 2147483647", "no-equals"],
                DefaultUlimits = ["nofile=1024:2048", "nofile=4096:1024", "bogus=1"],
                InfraCtrCpuset = "0-3,5",
                SharedCpuset = "3-1",
                UidMappings = "0:100000:65536",
                GidMappings = "0:100000",
            },
        };

        var keys = Validator().Check(config).Errors.Select(e => e.Key).ToList();

        keys.ShouldBe(
        [
            "crio.runtime.default_sysctls[1]",
            "crio.runtime.default_ulimits[1]",
            "crio.runtime.default_ulimits[2]",
            "crio.runtime.shared_cpuset",
            "crio.runtime.gid_mappings",
        ]);
    }

    [Fact]
    public void ResolveHandler_Default_ReturnsBinariesAndMonitorSettings()
    {
        var resolved = Validator().ResolveHandler(_defaults, "");

        resolved.Name.ShouldBe("runc");
        resolved.RuntimeBinary.ShouldBe("/usr/bin/runc");
        resolved.MonitorBinary.ShouldBe("/usr/bin/conmon");
        resolved.MonitorCgroup.ShouldBe("pod");
        resolved.MonitorEnv.ShouldBe([CrispDefaults.MonitorPath]);
    }

    [Fact]
    public void ResolveHandler_ConmonEnvOverridesHandlerEnv()
    {
        var config = _defaults with { Runtime = _defaults.Runtime with { ConmonEnv = ["PATH=/bin"] } };

        Validator().ResolveHandler(config, "runc").MonitorEnv.ShouldBe(["PATH=/bin"]);
    }

    [Fact]
    public void ResolveHandler_UnknownName_ThrowsUnknownRuntimeHandler()
    {
        var error = Should.Throw<ConfigException>(() => Validator().ResolveHandler(_defaults, "kata"));

        error.Key.ShouldBe("crio.runtime.runtimes");
        error.Reason.ShouldBe("unknown runtime handler \"kata\"");
        ConfigValidator.IsKnownHandler(_defaults, "kata").ShouldBeFalse();
        ConfigValidator.IsKnownHandler(_defaults, null).ShouldBeTrue();
    }

    [Fact]
    public void ResolveHandler_VmHandler_HasNoMonitor()
    {
        var files = FakeFileSystem.WithRuncAndConmon().AddExecutable("/usr/bin/containerd-shim-kata-v2");
        var kata = new RuntimeHandler { RuntimePath = "/usr/bin/containerd-shim-kata-v2", RuntimeType = "vm" };
        var config = _defaults with { Runtime = _defaults.Runtime with { Runtimes = _defaults.Runtime.Runtimes.SetItem("kata", kata) } };

        var resolved = Validator(files).ResolveHandler(config, "kata");

        resolved.RuntimeBinary.ShouldBe("/usr/bin/containerd-shim-kata-v2");
        resolved.MonitorBinary.ShouldBe("");
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void PathExecutableResolver_FindsExecutablesInGivenPath()
    {
        using var dir = new TempDirectory();
        var tool = dir.Write("bin/tool", "#!/bin/sh\n");
        File.SetUnixFileMode(tool, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        dir.Write("bin/data", "x");
        var resolver = new PathExecutableResolver("/nonexistent:" + dir.Combine("bin"));

        resolver.Resolve("tool").ShouldBe(tool);
        resolver.Resolve("data").ShouldBeNull();
        resolver.Resolve(tool).ShouldBe(tool);
        resolver.Resolve("missing").ShouldBeNull();
    }
}
