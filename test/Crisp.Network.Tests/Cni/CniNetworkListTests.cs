using System.Text;
using System.Text.Json.Nodes;
using Crisp.Network.Cni;
using Shouldly;

namespace Crisp.Network.Tests.Cni;

public sealed class CniNetworkListTests
{
    private static CniNetworkList Parse(string json) => CniNetworkList.Parse(Encoding.UTF8.GetBytes(json), "test");

    [Fact]
    public void Parse_SinglePluginConf_WrappedLikeLibcni()
    {
        var list = Parse("""{ "cniVersion": "0.4.0", "name": "net", "type": "bridge", "bridge": "cni0" }""");

        list.Name.ShouldBe("net");
        list.CniVersion.ShouldBe("0.4.0");
        list.PluginTypes.ShouldBe(["bridge"]);
        var wrapped = JsonNode.Parse(list.Bytes)!;
        wrapped["plugins"]![0]!["bridge"]!.GetValue<string>().ShouldBe("cni0");
        Parse(Encoding.UTF8.GetString(list.Bytes)).PluginTypes.ShouldBe(["bridge"], "the cached bytes parse back to the same list");
    }

    [Fact]
    public void Parse_List_KeepsOrderAndOptions()
    {
        var list = Parse("""{ "cniVersion": "1.0.0", "name": "n", "disableCheck": "true", "plugins": [ { "type": "bridge" }, { "type": "portmap" } ] }""");

        list.PluginTypes.ShouldBe(["bridge", "portmap"]);
        list.DisableCheck.ShouldBeTrue();
    }

    [Theory]
    [InlineData("""{ "cniVersion": "0.4.0", "cniVersions": ["0.3.1", "1.0.0", "9.0.0"], "name": "n", "plugins": [ { "type": "x" } ] }""", "1.0.0")]
    [InlineData("""{ "cniVersions": ["0.3.1", "0.4.0"], "name": "n", "plugins": [ { "type": "x" } ] }""", "0.4.0")]
    [InlineData("""{ "name": "n", "plugins": [ { "type": "x" } ] }""", "0.1.0")]
    public void Parse_Versions_HighestSupported(string json, string expected) => Parse(json).CniVersion.ShouldBe(expected);

    [Theory]
    [InlineData("""{ "cniVersion": "1.0.0", "name": "bad name", "type": "x" }""", "invalid network name")]
    [InlineData("""{ "cniVersion": "1.0.0", "name": "n", "type": "../x" }""", "invalid plugin type")]
    [InlineData("""{ "cniVersion": "1.0", "name": "n", "type": "x" }""", "invalid cniVersion")]
    [InlineData("""{ "cniVersion": "1.0.0", "name": "n", "plugins": {} }""", "non-empty array")]
    [InlineData("""{ "cniVersion": "1.0.0", "name": "n" }""", "missing \"type\"")]
    [InlineData("""[1]""", "not a JSON object")]
    [InlineData("""{ nope""", "invalid JSON")]
    public void Parse_Invalid_Rejected(string json, string message) =>
        Should.Throw<InvalidDataException>(() => Parse(json)).Message.ShouldContain(message);

    [Fact]
    public void Build_InjectsNameVersionPrevResultAndDeclaredCapabilitiesOnly()
    {
        var plugin = JsonNode.Parse("""{ "type": "portmap", "snat": true, "capabilities": { "portMappings": true, "bandwidth": true, "ips": false } }""")!.AsObject();
        var capabilityArgs = CniRequest.CapabilityArgs(new PodNetworkRequest("id", "p", "ns", "uid", "/n")
        {
            PortMappings = [new PortMapping(80, 8080, "UDP")],
            Ips = ["10.0.0.9/24"],
            CgroupPath = "/kubepods/pod1",
        });

        var config = JsonNode.Parse(CniRequest.Build(plugin, "net", "1.0.0", JsonNode.Parse("""{"ips":[]}"""), capabilityArgs))!.AsObject();

        config["name"]!.GetValue<string>().ShouldBe("net");
        config["cniVersion"]!.GetValue<string>().ShouldBe("1.0.0");
        config["snat"]!.GetValue<bool>().ShouldBeTrue();
        config["prevResult"]!.ToJsonString().ShouldBe("""{"ips":[]}""");
        config["runtimeConfig"]!.ToJsonString().ShouldBe("""{"portMappings":[{"hostPort":80,"containerPort":8080,"protocol":"udp","hostIP":""}]}""");
        plugin.ContainsKey("runtimeConfig").ShouldBeFalse("the loaded configuration is not modified");
    }

    [Fact]
    public void CapabilityArgs_AllConventions()
    {
        var args = CniRequest.CapabilityArgs(new PodNetworkRequest("id", "p", "ns", "uid", "/n")
        {
            Bandwidth = new BandwidthLimits(1, 2, 3, 4),
            Dns = new DnsSettings(["10.96.0.10"], ["svc.cluster.local"], ["ndots:5"]),
            Annotations = new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" },
        });

        args.ToJsonString().ShouldBe(
            """{"bandwidth":{"ingressRate":1,"ingressBurst":2,"egressRate":3,"egressBurst":4},"dns":{"servers":["10.96.0.10"],"searches":["svc.cluster.local"],"options":["ndots:5"]},"io.kubernetes.cri.pod-annotations":{"a":"1","b":"2"}}""");
    }

    [Fact]
    public void CniArgs_K8sPairsThenExtras()
    {
        var args = CniRequest.CniArgs(new PodNetworkRequest("sb1", "web", "default", "u-1", "/n") { ExtraArgs = [new("IP", "10.0.0.2")] });

        new CniAttachment("sb1", "/n", "eth0", args, []).ArgsString
            .ShouldBe("IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=web;K8S_POD_INFRA_CONTAINER_ID=sb1;K8S_POD_UID=u-1;IP=10.0.0.2");
    }
}
