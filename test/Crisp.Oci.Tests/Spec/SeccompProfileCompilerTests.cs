using System.Text;
using Crisp.Oci.Spec;
using Crisp.Oci.Spec.Seccomp;
using Shouldly;

namespace Crisp.Oci.Tests.Spec;

public sealed class SeccompProfileCompilerTests
{
    private static readonly string[] _defaultCaps = ["CAP_CHOWN", "CAP_KILL", "CAP_SETUID", "CAP_SETGID"];

    private static SeccompProfile Parse(string json) => SeccompProfileLoader.Parse(Encoding.UTF8.GetBytes(json), "test.json");

    [Fact]
    public void Compile_DefaultOnArm64_AarchAndArmWithArmOnlySyscalls()
    {
        var filter = SeccompProfileCompiler.Compile(DefaultSeccompProfile.Profile, _defaultCaps, "arm64", new Version(6, 1))!;

        filter.Architectures.ShouldBe(["SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"]);
        var names = filter.Syscalls!.SelectMany(s => s.Names).ToHashSet();
        names.ShouldContain("set_tls");
        names.ShouldNotContain("arch_prctl");
        names.ShouldNotContain("modify_ldt");
    }

    [Fact]
    public void Compile_DefaultOnOldKernel_NoPtraceWithoutCapability()
    {
        var filter = SeccompProfileCompiler.Compile(DefaultSeccompProfile.Profile, _defaultCaps, "amd64", new Version(4, 4))!;

        filter.Syscalls!.SelectMany(s => s.Names).ShouldNotContain("ptrace");
    }

    [Fact]
    public void Compile_DefaultWithSysPtrace_AllowsKcmp()
    {
        var filter = SeccompProfileCompiler.Compile(DefaultSeccompProfile.Profile, [.. _defaultCaps, "CAP_SYS_PTRACE"], "amd64", null)!;

        filter.Syscalls!.SelectMany(s => s.Names).ShouldContain("kcmp");
    }

    [Fact]
    public void Compile_DefaultProfile_SocketRulesBlockAlgAndVsock()
    {
        var filter = SeccompProfileCompiler.Compile(DefaultSeccompProfile.Profile, _defaultCaps, "amd64", null)!;

        filter.Syscalls!.Where(s => s.Names.Contains("socket")).Select(s => (s.Args![0].Value, s.Args[0].Op))
            .ShouldBe([(38UL, "SCMP_CMP_LT"), (39UL, "SCMP_CMP_EQ"), (40UL, "SCMP_CMP_GT")]);
        filter.Syscalls!.First().Names.Count.ShouldBeGreaterThan(300);
    }

    [Fact]
    public void Compile_EmptyProfile_Null()
    {
        SeccompProfileCompiler.Compile(Parse("{}"), _defaultCaps, "amd64", null).ShouldBeNull();
    }

    [Theory]
    [InlineData("""{"syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW"}]}""", "no defaultAction")]
    [InlineData("""{"defaultAction":"SCMP_ACT_ERRNO","architectures":["SCMP_ARCH_X86_64"],"archMap":[{"architecture":"SCMP_ARCH_X86_64"}]}""", "both 'architectures' and 'archMap'")]
    [InlineData("""{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"name":"read","names":["write"],"action":"SCMP_ACT_ALLOW"}]}""", "both 'name' and 'names'")]
    [InlineData("""{"defaultAction":"SCMP_ACT_EXPLODE"}""", "unknown action")]
    [InlineData("""{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":1,"op":"SCMP_CMP_ALMOST"}]}]}""", "unknown operator")]
    [InlineData("""{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW","includes":{"minKernel":"soon"}}]}""", "invalid minKernel")]
    public void Compile_InvalidProfile_Throws(string json, string message)
    {
        Should.Throw<ContainerSpecException>(() => SeccompProfileCompiler.Compile(Parse(json), _defaultCaps, "amd64", new Version(6, 1)))
            .Message.ShouldContain(message);
    }

    [Fact]
    public void Compile_ExcludesArch_RuleDropped()
    {
        var filter = SeccompProfileCompiler.Compile(
            Parse("""{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["uname"],"action":"SCMP_ACT_ERRNO","excludes":{"arches":["amd64"]}}]}"""),
            _defaultCaps,
            "amd64",
            null)!;

        filter.Syscalls.ShouldBeNull();
        filter.DefaultAction.ShouldBe("SCMP_ACT_ALLOW");
    }
}
