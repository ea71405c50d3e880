using Crisp.Oci.Spec;
using Crisp.Oci.Spec.Model;
using Shouldly;

namespace Crisp.Oci.Tests.Spec;

public sealed class ContainerSecurityTests : IDisposable
{
    private const string PrivilegedPod = """{"security_context": {"privileged": true, "namespace_options": {"pid": "CONTAINER"}}}""";

    private static readonly string[] _defaultCaps =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
    ];

    private readonly SpecTestHost _host = new();

    public void Dispose() => _host.Dispose();

    private RuntimeSpec Build(string securityContext = "", string podLinux = """{"security_context": {"namespace_options": {"pid": "CONTAINER"}}}""")
    {
        var config = SpecTestHost.BasicContainer($$"""
            , "linux": { "security_context": { "namespace_options": { "pid": "CONTAINER" } {{securityContext}} } }
            """);
        return _host.ContainerBuilder().Build(_host.Input(config, SpecTestHost.SandboxConfig(podLinux)));
    }

    [Fact]
    public void Build_NoCapabilityChanges_DefaultCapabilitiesInKernelOrder()
    {
        var caps = Build().Process!.Capabilities!;

        caps.Bounding.ShouldBe(_defaultCaps);
        caps.Effective.ShouldBe(_defaultCaps);
        caps.Permitted.ShouldBe(_defaultCaps);
        caps.Inheritable.ShouldBeNull();
        caps.Ambient.ShouldBeNull();
    }

    [Fact]
    public void Build_AddAndDrop_AppliedToDefaults()
    {
        var caps = Build(""", "capabilities": { "add_capabilities": ["NET_ADMIN", "cap_sys_time"], "drop_capabilities": ["KILL", "chown"] }""").Process!.Capabilities!;

        caps.Bounding.ShouldBe(["CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_NET_ADMIN", "CAP_SYS_TIME"]);
    }

    [Fact]
    public void Build_DropAllThenAdd_OnlyTheAddedOnes()
    {
        var caps = Build(""", "capabilities": { "add_capabilities": ["NET_BIND_SERVICE"], "drop_capabilities": ["ALL"] }""").Process!.Capabilities!;

        caps.Bounding.ShouldBe(["CAP_NET_BIND_SERVICE"]);
    }

    [Fact]
    public void Build_AddAllDropOne_EverythingButThatOne()
    {
        var caps = Build(""", "capabilities": { "add_capabilities": ["ALL"], "drop_capabilities": ["SYS_ADMIN"] }""").Process!.Capabilities!;

        caps.Bounding!.Count.ShouldBe(40);
        caps.Bounding.ShouldNotContain("CAP_SYS_ADMIN");
        caps.Bounding.ShouldContain("CAP_CHECKPOINT_RESTORE");
    }

    [Fact]
    public void Build_UnknownCapability_Throws()
    {
        Should.Throw<ContainerSpecException>(() => Build(""", "capabilities": { "add_capabilities": ["FLY"] }"""))
            .Message.ShouldBe("unknown capability \"FLY\" to add");
    }

    [Fact]
    public void Build_CapabilityAboveHostLastCap_Unknown()
    {
        _host.Facts = _host.Facts with { LastCapability = 37 };

        Should.Throw<ContainerSpecException>(() => Build(""", "capabilities": { "add_capabilities": ["BPF"] }"""));
    }

    [Fact]
    public void Build_AddInheritableCapabilities_InheritableMatchesBounding()
    {
        _host.Config = _host.Config with { Runtime = _host.Config.Runtime with { AddInheritableCapabilities = true } };

        var caps = Build().Process!.Capabilities!;

        caps.Inheritable.ShouldBe(_defaultCaps);
        caps.Ambient.ShouldBeNull();
    }

    [Fact]
    public void Build_AmbientRequested_AddedToAllSets()
    {
        var caps = Build(""", "capabilities": { "drop_capabilities": ["ALL"], "add_ambient_capabilities": ["NET_BIND_SERVICE"] }""").Process!.Capabilities!;

        caps.Bounding.ShouldBe(["CAP_NET_BIND_SERVICE"]);
        caps.Inheritable.ShouldBe(["CAP_NET_BIND_SERVICE"]);
        caps.Ambient.ShouldBe(["CAP_NET_BIND_SERVICE"]);
    }

    [Fact]
    public void Build_NoNewPrivs_Set()
    {
        Build(""", "no_new_privs": true""").Process!.NoNewPrivileges.ShouldBeTrue();
        Build().Process!.NoNewPrivileges.ShouldBeFalse();
    }

    [Fact]
    public void Build_Privileged_AllCapsNoSeccompNoMaskedPathsAllDevices()
    {
        var spec = Build(""", "privileged": true, "seccomp": { "profile_type": "RuntimeDefault" }""", PrivilegedPod);

        spec.Process!.Capabilities!.Bounding!.Count.ShouldBe(41);
        spec.Process.Capabilities.Ambient.ShouldBeNull();
        spec.Linux!.Seccomp.ShouldBeNull();
        spec.Linux.MaskedPaths.ShouldBeNull();
        spec.Linux.ReadonlyPaths.ShouldBeNull();
        spec.Linux.Devices!.Select(d => d.Path).ShouldBe(["/dev/null", "/dev/sda", "/dev/fuse"]);
        spec.Linux.Resources!.Devices.ShouldBe([new LinuxDeviceCgroup { Allow = true, Access = "rwm" }]);
        spec.Annotations![CrispAnnotations.SeccompProfilePath].ShouldBe("Unconfined");
    }

    [Fact]
    public void Build_PrivilegedContainerInUnprivilegedPod_Throws()
    {
        Should.Throw<ContainerSpecException>(() => Build(""", "privileged": true""")).Message.ShouldBe("no privileged container allowed in sandbox");
    }

    [Fact]
    public void Build_RuntimeDefaultSeccomp_BuiltInProfileWithoutSysAdminSyscalls()
    {
        var seccomp = Build(""", "seccomp": { "profile_type": "RuntimeDefault" }""").Linux!.Seccomp!;

        seccomp.DefaultAction.ShouldBe("SCMP_ACT_ERRNO");
        seccomp.DefaultErrnoRet.ShouldBe(1u);
        seccomp.Architectures.ShouldBe(["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"]);
        var allowed = seccomp.Syscalls!.Where(s => s.Action == "SCMP_ACT_ALLOW" && s.Args is null).SelectMany(s => s.Names).ToHashSet();
        allowed.ShouldContain("read");
        allowed.ShouldContain("arch_prctl");
        allowed.ShouldContain("ptrace");
        allowed.ShouldNotContain("mount");
        allowed.ShouldNotContain("unshare");
        allowed.ShouldNotContain("reboot");
        seccomp.Syscalls!.ShouldContain(s => s.Names.Contains("clone3") && s.Action == "SCMP_ACT_ERRNO" && s.ErrnoRet == 38u);
        seccomp.Syscalls!.ShouldContain(s => s.Names.Contains("clone") && s.Args != null && s.Args[0].Op == "SCMP_CMP_MASKED_EQ");
    }

    [Fact]
    public void Build_RuntimeDefaultWithSysAdmin_AllowsMountAndUnshare()
    {
        var seccomp = Build(""", "seccomp": { "profile_type": "RuntimeDefault" }, "capabilities": { "add_capabilities": ["SYS_ADMIN"] }""").Linux!.Seccomp!;

        var allowed = seccomp.Syscalls!.Where(s => s.Action == "SCMP_ACT_ALLOW").SelectMany(s => s.Names).ToHashSet();
        allowed.ShouldContain("mount");
        allowed.ShouldContain("unshare");
        seccomp.Syscalls!.ShouldNotContain(s => s.Names.Contains("clone3") && s.Action == "SCMP_ACT_ERRNO");
    }

    [Fact]
    public void Build_UnconfinedSeccomp_NoFilter()
    {
        var spec = Build(""", "seccomp": { "profile_type": "Unconfined" }""");

        spec.Linux!.Seccomp.ShouldBeNull();
        spec.Annotations![CrispAnnotations.SeccompProfilePath].ShouldBe("Unconfined");
    }

    [Fact]
    public void Build_SeccompUnset_DefaultWhenEmptyTrue_RuntimeDefault()
    {
        Build().Linux!.Seccomp.ShouldNotBeNull();
    }

    [Fact]
    public void Build_SeccompUnset_DefaultWhenEmptyFalse_Unconfined()
    {
        _host.Config = _host.Config with { Runtime = _host.Config.Runtime with { SeccompUseDefaultWhenEmpty = false } };

        Build().Linux!.Seccomp.ShouldBeNull();
    }

    [Fact]
    public void Build_LocalhostSeccomp_LoadsProfileFile()
    {
        var profile = _host.WriteFile("seccomp/audit.json", """
            {
              "defaultAction": "SCMP_ACT_LOG",
              "architectures": ["SCMP_ARCH_X86_64"],
              "syscalls": [
                { "names": ["mkdir"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13 },
                { "name": "chmod", "action": "SCMP_ACT_ERRNO", "includes": { "caps": ["CAP_SYS_ADMIN"] } }
              ]
            }
            """);

        var spec = Build($$""", "seccomp": { "profile_type": "Localhost", "localhost_ref": "{{profile}}" }""");

        spec.Linux!.Seccomp!.DefaultAction.ShouldBe("SCMP_ACT_LOG");
        spec.Linux.Seccomp.Architectures.ShouldBe(["SCMP_ARCH_X86_64"]);
        spec.Linux.Seccomp.Syscalls!.Count.ShouldBe(1);
        spec.Linux.Seccomp.Syscalls[0].Names.ShouldBe(["mkdir"]);
        spec.Linux.Seccomp.Syscalls[0].ErrnoRet.ShouldBe(13u);
        spec.Annotations![CrispAnnotations.SeccompProfilePath].ShouldBe(profile);
    }

    [Fact]
    public void Build_LocalhostSeccompMissingFile_Throws()
    {
        var missing = Path.Combine(_host.Root, "nope.json");

        Should.Throw<ContainerSpecException>(() => Build($$""", "seccomp": { "profile_type": "Localhost", "localhost_ref": "{{missing}}" }"""))
            .Message.ShouldStartWith($"unable to load seccomp profile \"{missing}\"");
    }

    [Fact]
    public void Build_LocalhostSeccompInvalidJson_Throws()
    {
        var profile = _host.WriteFile("seccomp/bad.json", "{ not json");

        Should.Throw<ContainerSpecException>(() => Build($$""", "seccomp": { "profile_type": "Localhost", "localhost_ref": "{{profile}}" }"""))
            .Message.ShouldContain("decoding seccomp profile");
    }

    [Fact]
    public void Build_DeprecatedSeccompProfilePath_Honoured()
    {
        Build(""", "seccomp_profile_path": "unconfined" """).Linux!.Seccomp.ShouldBeNull();
        Build(""", "seccomp_profile_path": "runtime/default" """).Linux!.Seccomp.ShouldNotBeNull();
    }

    [Fact]
    public void Build_AppArmorDisabledOnHost_NoProfile()
    {
        Build(""", "apparmor": { "profile_type": "RuntimeDefault" }""").Process!.ApparmorProfile.ShouldBeNull();
    }

    [Theory]
    [InlineData("""{ "profile_type": "RuntimeDefault" }""", "crisp-default")]
    [InlineData("""{ "profile_type": "Unconfined" }""", "unconfined")]
    [InlineData("""{ "profile_type": "Localhost", "localhost_ref": "localhost/k8s-nginx" }""", "k8s-nginx")]
    public void Build_AppArmorEnabled_ProfileFromSecurityProfile(string profile, string expected)
    {
        _host.Facts = _host.Facts with { AppArmorEnabled = true };

        Build($$""", "apparmor": {{profile}}""").Process!.ApparmorProfile.ShouldBe(expected);
    }

    [Fact]
    public void Build_AppArmorEnabledPrivileged_NoProfile()
    {
        _host.Facts = _host.Facts with { AppArmorEnabled = true };

        Build(""", "privileged": true""", PrivilegedPod).Process!.ApparmorProfile.ShouldBeNull();
    }

    [Fact]
    public void Build_NoCriPaths_DefaultMaskedAndReadonlyPaths()
    {
        var linux = Build().Linux!;

        linux.MaskedPaths!.ShouldContain("/proc/kcore");
        linux.MaskedPaths!.ShouldContain("/sys/firmware");
        linux.MaskedPaths!.ShouldContain("/proc/interrupts");
        linux.ReadonlyPaths.ShouldBe(["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]);
    }

    [Fact]
    public void Build_CriPaths_MaskedMergedWithDefaultsReadonlyReplaced()
    {
        var linux = Build(""", "masked_paths": ["/proc/kcore", "/proc/custom"], "readonly_paths": ["/proc/sys"]""").Linux!;

        linux.MaskedPaths!.ShouldContain("/proc/custom");
        linux.MaskedPaths!.ShouldContain("/proc/acpi");
        linux.MaskedPaths!.Count(p => p == "/proc/kcore").ShouldBe(1);
        linux.MaskedPaths.ShouldBe(linux.MaskedPaths!.Order(StringComparer.Ordinal));
        linux.ReadonlyPaths.ShouldBe(["/proc/sys"]);
    }
}
