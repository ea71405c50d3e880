using Shouldly;

namespace Crisp.Network.Tests.Cni;

public sealed class CniConfigFinderTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("crisp-network-finder-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void FindByName_SkipsOtherNetworks()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "10-a.conflist"), """{ "cniVersion": "1.0.0", "name": "a", "plugins": [ { "type": "bridge" } ] }""");
        File.WriteAllText(Path.Combine(_dir.FullName, "20-b.conf"), """{ "cniVersion": "0.4.0", "name": "b", "type": "ptp" }""");

        CniConfigFinder.FindByName(_dir.FullName, "b")!.PluginTypes.ShouldBe(["ptp"]);
        CniConfigFinder.FindByName(_dir.FullName, "c").ShouldBeNull();
        CniConfigFinder.FindFirst(_dir.FullName)!.NetworkName.ShouldBe("a");
    }
}
