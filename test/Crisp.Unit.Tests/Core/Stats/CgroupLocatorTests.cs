using Crisp.Core.Stats;
using Shouldly;

namespace Crisp.Unit.Tests.Core.Stats;

public sealed class CgroupLocatorTests
{
    [Theory]
    [InlineData("cgroupfs", "", "/crisp/crisp-abc")]
    [InlineData("cgroupfs", "/kubepods/burstable/pod1", "/kubepods/burstable/pod1/crisp-abc")]
    [InlineData("cgroupfs", "kubepods/pod1/", "/kubepods/pod1/crisp-abc")]
    [InlineData("systemd", "", "/system.slice/crisp-abc.scope")]
    [InlineData("systemd", "kubepods-burstable-pod1.slice", "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1.slice/crisp-abc.scope")]
    [InlineData("systemd", "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod2.slice", "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod2.slice/crisp-abc.scope")]
    public void Container_ManagerAndParent_PathRuncCreates(string manager, string parent, string expected) =>
        CgroupLocator.Container(manager, parent, "abc").ShouldBe(expected);

    [Fact]
    public void Pod_ParentOrNone()
    {
        CgroupLocator.Pod("cgroupfs", "").ShouldBeNull();
        CgroupLocator.Pod("cgroupfs", "/kubepods/pod1").ShouldBe("/kubepods/pod1");
        CgroupLocator.Pod("systemd", "kubepods-pod1.slice").ShouldBe("/kubepods.slice/kubepods-pod1.slice");
    }

    [Fact]
    public void ExpandSlice_RootSlice_Root() => CgroupLocator.ExpandSlice("-.slice").ShouldBe("/");
}
