using Crisp.Images.Registries;
using Shouldly;
using Xunit;

namespace Crisp.Images.Tests.Registries;

public sealed class DropInTests
{
    [Fact]
    public void Load_DropIns_MergedInOrderOverMainFile()
    {
        using var dir = new TempDirectory();
        var main = dir.Write("registries.conf", """
            unqualified-search-registries = ["main.example.com"]
            credential-helpers = ["containers-auth.json"]
            short-name-mode = "enforcing"

            [[registry]]
            prefix = "a.com"
            location = "main-a.com"

            [[registry]]
            location = "b.com"

            [aliases]
            "one" = "main.example.com/one"
            "two" = "main.example.com/two"
            "three" = "main.example.com/three"
            """);
        dir.Write("registries.conf.d/10-first.conf", """
            unqualified-search-registries = ["first.example.com", "second.example.com"]

            [[registry]]
            prefix = "a.com"
            location = "dropin-a.com"
            insecure = true

            [aliases]
            "two" = "first.example.com/two"
            "three" = ""
            """);
        dir.Write("registries.conf.d/20-second.conf", """
            short-name-mode = "disabled"

            [[registry]]
            location = "c.com"
            """);
        dir.Write("registries.conf.d/05-ignored.txt", "this is = not [toml");
        dir.Write("registries.conf.d/sub/30-nested.conf", "short-name-mode = \"permissive\"");

        var config = RegistriesConfig.Load(main);

        config.Files.ShouldBe([main, dir.Combine("registries.conf.d/10-first.conf"), dir.Combine("registries.conf.d/20-second.conf")]);
        config.UnqualifiedSearchRegistries.ShouldBe(["first.example.com", "second.example.com"]);
        config.UnqualifiedSearchRegistriesOrigin.ShouldBe(dir.Combine("registries.conf.d/10-first.conf"));
        config.ShortNameMode.ShouldBe(ShortNameMode.Disabled);
        config.CredentialHelpers.ShouldBe(["containers-auth.json"]);
        config.Registries.Select(r => (r.Prefix, r.Location, r.Insecure)).ShouldBe([
            ("a.com", "dropin-a.com", true),
            ("b.com", "b.com", false),
            ("c.com", "c.com", false),
        ]);
        config.Aliases["one"].Value!.Name.ShouldBe("main.example.com/one");
        config.Aliases["two"].Value!.Name.ShouldBe("first.example.com/two");
        config.Aliases["two"].Origin.ShouldBe(dir.Combine("registries.conf.d/10-first.conf"));
        config.Aliases["three"].Value.ShouldBeNull();
    }

    [Fact]
    public void Load_DropInWithEmptySearchList_ClearsIt()
    {
        using var dir = new TempDirectory();
        var main = dir.Write("registries.conf", "unqualified-search-registries = [\"quay.io\"]");
        dir.Write("registries.conf.d/00.conf", "unqualified-search-registries = []");

        RegistriesConfig.Load(main).UnqualifiedSearchRegistries.ShouldBeEmpty();
    }

    [Fact]
    public void Load_DropInWithoutSearchList_KeepsMain()
    {
        using var dir = new TempDirectory();
        var main = dir.Write("registries.conf", "unqualified-search-registries = [\"quay.io\"]");
        dir.Write("registries.conf.d/00.conf", "[[registry]]\nlocation = \"x.io\"");

        var config = RegistriesConfig.Load(main);

        config.UnqualifiedSearchRegistries.ShouldBe(["quay.io"]);
        config.UnqualifiedSearchRegistriesOrigin.ShouldBe(main);
    }

    [Fact]
    public void Load_V1DropIn_Throws()
    {
        using var dir = new TempDirectory();
        var main = dir.Write("registries.conf", "");
        var dropIn = dir.Write("registries.conf.d/00.conf", "[registries.search]\nregistries = [\"quay.io\"]");

        Should.Throw<RegistriesConfigException>(() => RegistriesConfig.Load(main))
            .Message.ShouldBe($"{dropIn}: registry must be in v2 format but is in v1");
    }

    [Fact]
    public void Load_V1MainFileWithV2DropIn_Merges()
    {
        using var dir = new TempDirectory();
        var main = dir.Write("registries.conf", "[registries.block]\nregistries = [\"bad.io\"]");
        dir.Write("registries.conf.d/00.conf", "unqualified-search-registries = [\"quay.io\"]");

        var config = RegistriesConfig.Load(main);

        config.Registries.Single().Blocked.ShouldBeTrue();
        config.UnqualifiedSearchRegistries.ShouldBe(["quay.io"]);
    }

    [Fact]
    public void Load_MissingDefaultFileAndDirectory_IsEmptyWithInjectedDropIns()
    {
        using var dir = new TempDirectory();
        dir.Write("custom.d/a.conf", "unqualified-search-registries = [\"quay.io\"]");

        var config = RegistriesConfig.Load(null, dir.Combine("custom.d"));

        config.UnqualifiedSearchRegistries.ShouldBe(["quay.io"]);
        config.SourceDescription.ShouldBe($"{RegistriesConfig.DefaultPath} or {dir.Combine("custom.d")}");
    }

    [Fact]
    public void Load_MissingDropInDirectory_IsFine()
    {
        using var dir = new TempDirectory();
        var main = dir.Write("registries.conf", "short-name-mode = \"enforcing\"");

        var config = RegistriesConfig.Load(main, dir.Combine("nope.d"));

        config.ShortNameMode.ShouldBe(ShortNameMode.Enforcing);
        config.Files.ShouldBe([main]);
    }

    [Fact]
    public void Load_InvalidDropIn_NamesTheFile()
    {
        using var dir = new TempDirectory();
        var main = dir.Write("registries.conf", "");
        var bad = dir.Write("registries.conf.d/50-bad.conf", "short-name-mode = \"sometimes\"");

        Should.Throw<RegistriesConfigException>(() => RegistriesConfig.Load(main)).Message.ShouldStartWith(bad + ":");
    }
}
