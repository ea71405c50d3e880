using Crisp.Oci.Spec;
using Crisp.Oci.Spec.Building;
using Shouldly;

namespace Crisp.Oci.Tests.Spec;

public sealed class SpecPartsTests
{
    [Theory]
    [InlineData("cgroupfs", null, "abc", "/crisp/crisp-abc")]
    [InlineData("cgroupfs", "/kubepods/burstable/pod1", "abc", "/kubepods/burstable/pod1/crisp-abc")]
    [InlineData("cgroupfs", "kubepods/pod1/", "abc", "/kubepods/pod1/crisp-abc")]
    [InlineData("systemd", null, "abc", "system.slice:crisp:abc")]
    [InlineData("systemd", "/kubepods.slice/kubepods-pod1.slice", "abc", "kubepods-pod1.slice:crisp:abc")]
    public void CgroupPaths_ForContainer_CriOForms(string manager, string? parent, string id, string expected)
    {
        CgroupPaths.ForContainer(manager, parent, id).ShouldBe(expected);
    }

    [Fact]
    public void CgroupPaths_CgroupfsWithSlice_Throws()
    {
        Should.Throw<ContainerSpecException>(() => CgroupPaths.ForSandbox("cgroupfs", "/kubepods.slice", "abc")).Message.ShouldContain("is a systemd slice");
    }

    [Theory]
    [InlineData("nofile=1024:2048", "RLIMIT_NOFILE", 1024UL, 2048UL)]
    [InlineData("core=0", "RLIMIT_CORE", 0UL, 0UL)]
    [InlineData("memlock=-1:-1", "RLIMIT_MEMLOCK", ulong.MaxValue, ulong.MaxValue)]
    [InlineData(" stack = 8192:-1", "RLIMIT_STACK", 8192UL, ulong.MaxValue)]
    public void Rlimits_Parse_Valid(string entry, string type, ulong soft, ulong hard)
    {
        Rlimits.Parse(entry).ShouldBe(new Crisp.Oci.Spec.Model.PosixRlimit { Type = type, Soft = soft, Hard = hard });
    }

    [Theory]
    [InlineData("nofile")]
    [InlineData("bogus=1")]
    [InlineData("nofile=2048:1024")]
    [InlineData("nofile=-1:1024")]
    [InlineData("nofile=a:b")]
    public void Rlimits_Parse_Invalid(string entry)
    {
        Should.Throw<ContainerSpecException>(() => Rlimits.Parse(entry));
    }

    [Theory]
    [InlineData("/dev/fuse", "/dev/fuse", "/dev/fuse", "rwm")]
    [InlineData("/dev/fuse:rw", "/dev/fuse", "/dev/fuse", "rw")]
    [InlineData("/dev/fuse:/dev/f0", "/dev/fuse", "/dev/f0", "rwm")]
    [InlineData("/dev/fuse:/dev/f0:r", "/dev/fuse", "/dev/f0", "r")]
    public void DeviceSet_ParseAdditional_CriOForms(string entry, string source, string destination, string access)
    {
        DeviceSet.ParseAdditional(entry).ShouldBe((source, destination, access));
    }

    [Theory]
    [InlineData("/dev/fuse:/mnt/fuse")]
    [InlineData("/dev/fuse:/dev/f0:rwx")]
    [InlineData("/dev/fuse:x")]
    [InlineData("dev/fuse")]
    public void DeviceSet_ParseAdditional_Invalid(string entry)
    {
        Should.Throw<ContainerSpecException>(() => DeviceSet.ParseAdditional(entry));
    }

    [Theory]
    [InlineData("app", true)]
    [InlineData("example.com/app_name-1.x", true)]
    [InlineData("io.kubernetes.container.hash", true)]
    [InlineData("a/b/c", false)]
    [InlineData("Example.com/app", false)]
    [InlineData("example.com/", false)]
    [InlineData("_app", false)]
    [InlineData("app\n", false)]
    public void AnnotationSet_IsValidKey_KubernetesQualifiedNames(string key, bool valid)
    {
        AnnotationSet.IsValidKey(key).ShouldBe(valid);
    }

    [Fact]
    public void AnnotationSet_IsValidKey_NameLongerThan63_Invalid()
    {
        AnnotationSet.IsValidKey(new string('a', 64)).ShouldBeFalse();
        AnnotationSet.IsValidKey(new string('a', 63)).ShouldBeTrue();
    }

    [Theory]
    [InlineData("", 12582912L)]
    [InlineData("12MiB", 12582912L)]
    [InlineData("64m", 67108864L)]
    [InlineData("1G", 1073741824L)]
    [InlineData("4096", 4096L)]
    public void ResourceLimits_ParseMinimumMemory_Units(string text, long expected)
    {
        ResourceLimits.ParseMinimumMemory(text).ShouldBe(expected);
    }

    [Fact]
    public void SpecHostFacts_Probe_ReadsThisHost()
    {
        var facts = SpecHostFacts.Probe();

        facts.LastCapability.ShouldBeGreaterThanOrEqualTo(36);
        facts.KernelVersion.ShouldNotBeNull();
        facts.MinimumOomScoreAdj.ShouldBeInRange(-1000, 1000);
    }

    [Theory]
    [InlineData("6.18.44-fc-v669", 6, 18)]
    [InlineData("5.10.0-28-amd64", 5, 10)]
    [InlineData("4.8", 4, 8)]
    public void SpecHostFacts_ParseKernelVersion(string release, int major, int minor)
    {
        SpecHostFacts.ParseKernelVersion(release).ShouldBe(new Version(major, minor));
    }
}
