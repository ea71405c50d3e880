using Crisp.Core.Containers;
using Crisp.Core.Sandboxes;
using Shouldly;

namespace Crisp.Unit.Tests.Core;

public sealed class ContainerNamesTests
{
    [Fact]
    public void For_BuildsTheCriONameFromContainerAndPod() =>
        ContainerNames.For("app", 2, new SandboxMetadata("web-0", "uid-1", "default", 7))
            .ShouldBe("k8s_app_web-0_default_uid-1_2");

    [Fact]
    public void For_AttemptIsTheContainersNotThePods()
    {
        var pod = new SandboxMetadata("web", "3f2a", "kube-system", 5);

        ContainerNames.For("app", 0, pod).ShouldBe("k8s_app_web_kube-system_3f2a_0");
        ContainerNames.For("app", 1, pod).ShouldNotBe(ContainerNames.For("app", 0, pod));
        ContainerNames.For("app", 4_000_000_000, pod).ShouldEndWith("_4000000000");
    }
}
