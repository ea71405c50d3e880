using System.Net;
using System.Text.Json.Nodes;
using Crisp.Network.Cni;
using Shouldly;

namespace Crisp.Network.Tests.Cni;

public sealed class CniResultParserTests
{
    private static PodNetworkStatus Parse(string json, string version = "1.0.0") =>
        CniResultParser.Parse(JsonNode.Parse(json)!.AsObject(), version, "net", "eth0");

    [Fact]
    public void Parse_V100_PodIpsAreThoseInTheSandbox()
    {
        var status = Parse("""
            {"cniVersion":"1.0.0",
             "interfaces":[{"name":"cni0","mac":"aa:aa:aa:aa:aa:aa"},{"name":"veth1"},{"name":"eth0","mac":"bb:bb:bb:bb:bb:bb","sandbox":"/run/netns/x"}],
             "ips":[{"address":"10.1.0.1/16","interface":0},{"address":"10.1.0.5/16","gateway":"10.1.0.1","interface":2},{"address":"fd00::5/64","gateway":"fd00::1","interface":2}],
             "routes":[{"dst":"0.0.0.0/0"},{"dst":"192.168.0.0/16","gw":"10.1.0.254"}],
             "dns":{"nameservers":["10.1.0.1"],"domain":"example","search":["a","b"],"options":["ndots:2"]}}
            """);

        status.CniVersion.ShouldBe("1.0.0");
        status.PodIps.ShouldBe([IPAddress.Parse("10.1.0.5"), IPAddress.Parse("fd00::5")]);
        status.IPv4.ShouldBe(IPAddress.Parse("10.1.0.5"));
        status.IPv6.ShouldBe(IPAddress.Parse("fd00::5"));
        status.Ips[1].ShouldBe(new PodIpConfig(IPAddress.Parse("10.1.0.5"), 16, IPAddress.Parse("10.1.0.1"), 2));
        status.Interfaces[2].ShouldBe(new PodInterface("eth0", "bb:bb:bb:bb:bb:bb", "/run/netns/x"));
        status.Routes.ShouldBe([new PodRoute("0.0.0.0/0", null), new PodRoute("192.168.0.0/16", IPAddress.Parse("10.1.0.254"))]);
        status.Dns.Nameservers.ShouldBe(["10.1.0.1"]);
        status.Dns.Domain.ShouldBe("example");
        status.Dns.Search.ShouldBe(["a", "b"]);
        status.Dns.Options.ShouldBe(["ndots:2"]);
    }

    [Fact]
    public void Parse_V040_VersionFieldTolerated()
    {
        var status = Parse("""{"cniVersion":"0.4.0","interfaces":[{"name":"eth0","sandbox":"/n"}],"ips":[{"version":"4","interface":0,"address":"10.2.0.7/24","gateway":"10.2.0.1"}],"dns":{}}""", "0.4.0");

        status.PodIps.ShouldBe([IPAddress.Parse("10.2.0.7")]);
        status.Dns.Nameservers.ShouldBeEmpty();
        status.Dns.Domain.ShouldBeNull();
    }

    [Fact]
    public void Parse_NoInterfaceIndexes_EveryAddressIsAPodIp()
    {
        var status = Parse("""{"cniVersion":"0.3.1","ips":[{"version":"4","address":"10.3.0.2/24"}]}""", "0.3.1");

        status.PodIps.ShouldBe([IPAddress.Parse("10.3.0.2")]);
    }

    [Fact]
    public void Parse_V020Legacy_Ip4AndIp6()
    {
        var status = Parse("""{"cniVersion":"0.2.0","ip4":{"ip":"10.4.0.3/24","gateway":"10.4.0.1","routes":[{"dst":"0.0.0.0/0"}]},"ip6":{"ip":"fd01::3/64"},"dns":{}}""", "0.2.0");

        status.PodIps.ShouldBe([IPAddress.Parse("10.4.0.3"), IPAddress.Parse("fd01::3")]);
        status.Ips[0].Gateway.ShouldBe(IPAddress.Parse("10.4.0.1"));
        status.Routes.ShouldHaveSingleItem().Destination.ShouldBe("0.0.0.0/0");
    }

    [Fact]
    public void Parse_MissingVersionInResult_UsesConfigVersion() =>
        Parse("""{"ip4":{"ip":"10.5.0.3/24"}}""", "0.1.0").PodIps.ShouldBe([IPAddress.Parse("10.5.0.3")]);

    [Theory]
    [InlineData("""{"cniVersion":"1.0.0","ips":[{"address":"10.1.0.5"}]}""")]
    [InlineData("""{"cniVersion":"1.0.0","ips":[{"address":"10.1.0.5/40"}]}""")]
    [InlineData("""{"cniVersion":"1.0.0","ips":[{"address":"10.1.0.5/24","gateway":"nope"}]}""")]
    public void Parse_BadAddress_Rejected(string json) => Should.Throw<InvalidDataException>(() => Parse(json));
}
