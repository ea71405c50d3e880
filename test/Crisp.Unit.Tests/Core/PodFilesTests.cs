using Crisp.Core.Sandboxes;
using Shouldly;

namespace Crisp.Unit.Tests.Core;

public sealed class PodFilesTests
{
    [Fact]
    public void ResolvConf_SearchesServersOptions_InCriOsOrder()
    {
        var text = PodFiles.ResolvConf(new SandboxDnsConfig(["10.96.0.10", "10.96.0.11"], ["ns.svc.cluster.local", "cluster.local"], ["ndots:5", "edns0"]));

        text.ShouldBe("search ns.svc.cluster.local cluster.local\nnameserver 10.96.0.10\nnameserver 10.96.0.11\noptions ndots:5 edns0\n");
    }

    [Fact]
    public void ResolvConf_EmptyOrMissing_NullMeaningCopyTheHosts()
    {
        PodFiles.ResolvConf(null).ShouldBeNull();
        PodFiles.ResolvConf(new SandboxDnsConfig([], [], [])).ShouldBeNull();
    }

    [Fact]
    public void ResolvConf_OnlyServers_NoSearchOrOptionsLines() =>
        PodFiles.ResolvConf(new SandboxDnsConfig(["1.1.1.1"], [], [])).ShouldBe("nameserver 1.1.1.1\n");

    [Fact]
    public void Hosts_LocalhostThenPodAddressesWithHostname()
    {
        var text = PodFiles.Hosts("web-0", ["10.88.0.7", "fd00::7"]);

        text.ShouldStartWith("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n");
        text.ShouldEndWith("10.88.0.7\tweb-0\nfd00::7\tweb-0\n");
    }

    [Fact]
    public void Hosts_NoAddress_HostnameOnLoopbackAlias() =>
        PodFiles.Hosts("web-0", []).ShouldEndWith("127.0.1.1\tweb-0\n");

    [Fact]
    public void Hostname_WithNewline() => PodFiles.Hostname("web-0").ShouldBe("web-0\n");
}
