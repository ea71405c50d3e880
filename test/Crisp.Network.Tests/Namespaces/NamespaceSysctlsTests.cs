using Crisp.Network.Namespaces;
using Shouldly;

namespace Crisp.Network.Tests.Namespaces;

public sealed class NamespaceSysctlsTests
{
    [Theory]
    [InlineData("net.ipv4.ip_unprivileged_port_start", PodNamespaceKinds.Network)]
    [InlineData("net/ipv4/conf/eth0.100/forwarding", PodNamespaceKinds.Network)]
    [InlineData("kernel.shmmax", PodNamespaceKinds.Ipc)]
    [InlineData("kernel.sem", PodNamespaceKinds.Ipc)]
    [InlineData("fs.mqueue.msg_max", PodNamespaceKinds.Ipc)]
    [InlineData("kernel.hostname", PodNamespaceKinds.Uts)]
    [InlineData("kernel.pid_max", PodNamespaceKinds.None)]
    [InlineData("vm.overcommit_memory", PodNamespaceKinds.None)]
    public void KindOf_RuncRules(string key, PodNamespaceKinds kind) => NamespaceSysctls.KindOf(key).ShouldBe(kind);

    [Theory]
    [InlineData("net.ipv4.ping_group_range", "net/ipv4/ping_group_range")]
    [InlineData("net/ipv4/conf/eth0.100/forwarding", "net/ipv4/conf/eth0.100/forwarding")]
    public void ProcPath_DotsOrSlashes(string key, string path) => NamespaceSysctls.ProcPath(key).ShouldBe(path);
}
