using Crisp.Network;
using Shouldly;

namespace Crisp.Unit.Tests.Network;

public sealed class CniConfigFinderTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("crisp-unit-");

    public void Dispose() => _dir.Delete(recursive: true);

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_dir.FullName, name), text);

    [Fact]
    public void FindFirst_MissingDirectory_Null() =>
        CniConfigFinder.FindFirst(Path.Combine(_dir.FullName, "none")).ShouldBeNull();

    [Fact]
    public void FindFirst_LexicalOrderSkippingInvalidAndOtherExtensions()
    {
        Write("00-notes.txt", "{}");
        Write("05-bad.conf", "{ broken");
        Write("07-noplugins.conflist", """{ "name": "x", "plugins": [] }""");
        Write("20-second.conflist", """{ "cniVersion": "1.0.0", "name": "second", "plugins": [ { "type": "bridge" } ] }""");
        Write("10-first.conf", """{ "cniVersion": "0.4.0", "name": "first", "type": "bridge" }""");
        var skipped = new List<string>();

        var found = CniConfigFinder.FindFirst(_dir.FullName, skipped);

        found.ShouldNotBeNull();
        found.NetworkName.ShouldBe("first");
        found.CniVersion.ShouldBe("0.4.0");
        found.PluginTypes.ShouldBe(["bridge"]);
        skipped.Count.ShouldBe(2);
        skipped[0].ShouldContain("05-bad.conf");
        skipped[1].ShouldContain("\"plugins\"");
    }

    [Fact]
    public void Parse_ListKeepsChainOrder()
    {
        var config = CniConfigFinder.Parse("x.conflist", """
            { "cniVersion": "1.0.0", "name": "net", "plugins": [ { "type": "bridge" }, { "type": "portmap" }, { "type": "firewall" } ] }
            """);

        config.PluginTypes.ShouldBe(["bridge", "portmap", "firewall"]);
    }

    [Fact]
    public void Parse_PluginWithoutType_Rejected() =>
        Should.Throw<InvalidDataException>(() => CniConfigFinder.Parse("x", """{ "name": "n", "plugins": [ { "name": "p" } ] }"""))
            .Message.ShouldContain("type");
}
