using System.Text;
using System.Text.Json.Nodes;
using Crisp.Network.Cni;
using Shouldly;

namespace Crisp.Network.Tests.Cni;

public sealed class CniResultCacheTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("crisp-network-cache-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static CachedAttachment Entry(string network, string id) => new(
        network, id, "eth0", "/run/netns/x", Encoding.UTF8.GetBytes("""{"name":"n"}"""),
        [new("IgnoreUnknown", "1"), new("K8S_POD_NAME", "p")],
        new JsonObject { ["portMappings"] = new JsonArray() },
        new JsonObject { ["cniVersion"] = "1.0.0" });

    [Fact]
    public void Write_LibcniLayoutAndFormat()
    {
        var cache = new CniResultCache(_dir.FullName);

        cache.Write(Entry("net1", "abc"));

        var path = Path.Combine(_dir.FullName, "results", "net1-abc-eth0");
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        json["kind"]!.GetValue<string>().ShouldBe("cniCacheV1");
        json["containerId"]!.GetValue<string>().ShouldBe("abc");
        json["ifName"]!.GetValue<string>().ShouldBe("eth0");
        json["networkName"]!.GetValue<string>().ShouldBe("net1");
        json["netns"]!.GetValue<string>().ShouldBe("/run/netns/x");
        json["config"]!.GetValue<string>().ShouldBe(Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"name":"n"}""")));
        json["cniArgs"]!.ToJsonString().ShouldBe("""[["IgnoreUnknown","1"],["K8S_POD_NAME","p"]]""");
        json["result"]!["cniVersion"]!.GetValue<string>().ShouldBe("1.0.0");
        File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Directory.GetFiles(Path.Combine(_dir.FullName, "results")).ShouldHaveSingleItem("no temp files left");
    }

    [Fact]
    public void Find_AnyNetworkPreferringTheCurrentOne()
    {
        var cache = new CniResultCache(_dir.FullName);
        cache.Write(Entry("old-net", "abc"));
        cache.Write(Entry("zz-net", "abc"));
        cache.Write(Entry("old-net", "other"));

        cache.Find("abc", "eth0", "zz-net")!.NetworkName.ShouldBe("zz-net");
        cache.Find("abc", "eth0", "renamed")!.NetworkName.ShouldBe("old-net");
        cache.Find("abc", "eth1", null).ShouldBeNull();
        cache.Find("nope", "eth0", null).ShouldBeNull();

        var read = cache.Read("old-net", "abc", "eth0")!;
        read.CniArgs.ShouldBe([new("IgnoreUnknown", "1"), new("K8S_POD_NAME", "p")]);
        Encoding.UTF8.GetString(read.Config).ShouldBe("""{"name":"n"}""");
        cache.Delete("old-net", "abc", "eth0");
        cache.Delete("old-net", "abc", "eth0");
        cache.Read("old-net", "abc", "eth0").ShouldBeNull();
    }

    [Fact]
    public void Read_ForeignOrBrokenEntry_Null()
    {
        var cache = new CniResultCache(_dir.FullName);
        Directory.CreateDirectory(cache.ResultsDir);
        File.WriteAllText(cache.PathFor("n", "a", "eth0"), """{"kind":"other"}""");
        File.WriteAllText(cache.PathFor("n", "b", "eth0"), "{ broken");

        cache.Read("n", "a", "eth0").ShouldBeNull();
        cache.Read("n", "b", "eth0").ShouldBeNull();
    }
}
