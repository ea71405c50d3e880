using Crisp.Images.Registries;
using Shouldly;
using Xunit;

namespace Crisp.Images.Tests.Registries;

public sealed class RegistriesConfigTests
{
    [Fact]
    public void Parse_V2File_ReadsEverySetting()
    {
        var config = RegistriesConfig.Parse("""
            unqualified-search-registries = ["registry.fedoraproject.org", "quay.io/", "docker.io"]
            short-name-mode = "enforcing"
            credential-helpers = ["containers-auth.json", "secretservice"]

            [[registry]]
            prefix = "example.com/foo"
            location = "internal.example.com/bar"
            insecure = true
            blocked = false
            mirror-by-digest-only = true

            [[registry.mirror]]
            location = "mirror-0.local/mirror-for-foo"

            [[registry.mirror]]
            location = "mirror-1.local/mirrors/foo"
            insecure = true

            [[registry]]
            location = "registry.com"
            blocked = true

            [[registry.mirror]]
            location = "mirror.registry.com"
            pull-from-mirror = "tag-only"

            [aliases]
            "fedora" = "registry.fedoraproject.org/fedora"
            """);

        config.UnqualifiedSearchRegistries.ShouldBe(["registry.fedoraproject.org", "quay.io", "docker.io"]);
        config.ShortNameMode.ShouldBe(ShortNameMode.Enforcing);
        config.CredentialHelpers.ShouldBe(["containers-auth.json", "secretservice"]);
        config.Registries.Count.ShouldBe(2);

        var foo = config.Registries[0];
        foo.Prefix.ShouldBe("example.com/foo");
        foo.Location.ShouldBe("internal.example.com/bar");
        foo.Insecure.ShouldBeTrue();
        foo.Blocked.ShouldBeFalse();
        foo.MirrorByDigestOnly.ShouldBeTrue();
        foo.Mirrors.ShouldBe([
            new RegistryMirror("mirror-0.local/mirror-for-foo", false, MirrorPullPolicy.All),
            new RegistryMirror("mirror-1.local/mirrors/foo", true, MirrorPullPolicy.All),
        ]);

        var registry = config.Registries[1];
        registry.Prefix.ShouldBe("registry.com");
        registry.Blocked.ShouldBeTrue();
        registry.Mirrors.Single().PullFromMirror.ShouldBe(MirrorPullPolicy.TagOnly);

        config.Aliases["fedora"].Value!.ToString().ShouldBe("registry.fedoraproject.org/fedora:latest");
        config.UnknownKeys.ShouldBeEmpty();
    }

    [Fact]
    public void Parse_EmptyFile_UsesDefaults()
    {
        var config = RegistriesConfig.Parse("");

        config.UnqualifiedSearchRegistries.ShouldBeEmpty();
        config.ShortNameMode.ShouldBe(ShortNameMode.Permissive);
        config.CredentialHelpers.ShouldBe(["containers-auth.json"]);
        config.Registries.ShouldBeEmpty();
        config.Aliases.ShouldBeEmpty();
    }

    [Fact]
    public void Parse_V1File_ConvertsToRegistries()
    {
        var config = RegistriesConfig.Parse("""
            [registries.search]
            registries = ['registry.access.redhat.com', 'registry.fedoraproject.org', 'quay.io', 'docker.io']

            [registries.insecure]
            registries = ['registry-b.com////', 'registry-d.com', 'registry-a.com']

            [registries.block]
            registries = ['registry-b.com', 'registry.unsafe.com']
            """);

        config.UnqualifiedSearchRegistries.ShouldBe(["registry.access.redhat.com", "registry.fedoraproject.org", "quay.io", "docker.io"]);
        config.Registries.Select(r => (r.Prefix, r.Location, r.Insecure, r.Blocked)).ShouldBe([
            ("registry-a.com", "registry-a.com", true, false),
            ("registry-b.com", "registry-b.com", true, true),
            ("registry-d.com", "registry-d.com", true, false),
            ("registry.unsafe.com", "registry.unsafe.com", false, true),
        ]);
    }

    [Fact]
    public void Parse_OperatorV1Example_EmptyListsAreFine()
    {
        // The seeds' CRI-O 1.18 operator example: search list plus empty insecure/block lists.
        var config = RegistriesConfig.Parse("""
            [registries.search]
            registries = ['registry.access.redhat.com', 'registry.fedoraproject.org', 'quay.io', 'docker.io']

            [registries.insecure]
            registries = []

            [registries.block]
            registries = []
            """);

        config.UnqualifiedSearchRegistries.Count.ShouldBe(4);
        config.Registries.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("unqualified-search-registries = [\"a.com\"]\n[registries.search]\nregistries = [\"a.com\"]")]
    [InlineData("unqualified-search-registries = []\n[registries.search]\nregistries = []")]
    [InlineData("[[registry]]\nlocation = \"a.com\"\n[registries.block]\nregistries = [\"b.com\"]")]
    [InlineData("short-name-mode = \"disabled\"\n[registries.insecure]\nregistries = []")]
    [InlineData("[aliases]\n[registries.insecure]\nregistries = []")]
    public void Parse_MixedV1AndV2_Throws(string toml)
    {
        Should.Throw<RegistriesConfigException>(() => RegistriesConfig.Parse(toml, "/etc/containers/registries.conf"))
            .Message.ShouldBe("/etc/containers/registries.conf: mixing sysregistry v1/v2 is not supported");
    }

    [Theory]
    [InlineData("[[registry]]\ninsecure = true", "both location and prefix are unset")]
    [InlineData("[[registry]]\nprefix = \"example.com\"", "location is unset and prefix \"example.com\" is not in the format: *.example.com")]
    [InlineData("[[registry]]\nlocation = \"https://example.com\"", "URI schemes are not supported")]
    [InlineData("[[registry]]\nprefix = \"*.example.com/foo\"", "wildcarded prefix")]
    [InlineData("[[registry]]\nprefix = \"*.example.com:5000\"", "wildcarded prefix")]
    [InlineData("[[registry]]\nlocation = \"a.com\"\npull-from-mirror = \"all\"", "pull-from-mirror must not be set for a non-mirror registry \"a.com\"")]
    [InlineData("[[registry]]\nlocation = \"a.com\"\n[[registry.mirror]]\ninsecure = true", "mirror location is unset")]
    [InlineData("[[registry]]\nlocation = \"a.com\"\n[[registry.mirror]]\nlocation = \"m.com\"\npull-from-mirror = \"sometimes\"", "unsupported pull-from-mirror value \"sometimes\"")]
    [InlineData("[[registry]]\nlocation = \"a.com\"\nmirror-by-digest-only = true\n[[registry.mirror]]\nlocation = \"m.com\"\npull-from-mirror = \"all\"", "at the same time")]
    [InlineData("[[registry]]\nlocation = \"a.com\"\n[[registry]]\nprefix = \"a.com/x\"\nlocation = \"a.com\"\ninsecure = true", "registry 'a.com' is defined multiple times with conflicting 'insecure' setting")]
    [InlineData("[[registry]]\nlocation = \"a.com\"\n[[registry]]\nprefix = \"a.com/x\"\nlocation = \"a.com\"\nblocked = true", "conflicting 'blocked' setting")]
    [InlineData("short-name-mode = \"prompt\"", "invalid short-name-mode \"prompt\"")]
    [InlineData("unqualified-search-registries = [\"https://quay.io\"]", "URI schemes are not supported")]
    [InlineData("unqualified-search-registries = [\"quay.io/ns\"]", "invalid unqualified-search-registries entry \"quay.io/ns\"")]
    [InlineData("unqualified-search-registries = \"quay.io\"", "\"unqualified-search-registries\" must be an array of strings, not a string")]
    [InlineData("[[registry]]\nlocation = \"a.com\"\ninsecure = \"yes\"", "\"insecure\" must be a boolean, not a string")]
    [InlineData("[aliases]\n\"quay.io/img\" = \"quay.io/img\"", "invalid short name \"quay.io/img\": must not contain registry")]
    [InlineData("[aliases]\n\"img:1\" = \"quay.io/img\"", "must not contain tag")]
    [InlineData("[aliases]\n\"img\" = \"img2\"", "must contain registry and repository")]
    [InlineData("[aliases]\n\"img\" = \"quay.io/img:1\"", "must not contain tag")]
    [InlineData("[aliases]\n\"img\" = \"quay.io/img@sha256:7cc4b5aefd1d0cadf8d97d4350462ba51c694ebca145b08d7d41b41acc8db5aa\"", "must not contain digest")]
    [InlineData("[aliases]\n\"img\" = \"quay.io/IMG\"", "must be lowercase")]
    [InlineData("[aliases]\nimg = \"quay.io/a\"\nimg = \"quay.io/b\"", "already defined")]
    [InlineData("unqualified-search-registries = [", "parsing registries.conf")]
    public void Parse_InvalidFile_ThrowsClearError(string toml, string expected)
    {
        Should.Throw<RegistriesConfigException>(() => RegistriesConfig.Parse(toml)).Message.ShouldContain(expected);
    }

    [Fact]
    public void Parse_DuplicatePrefix_FirstWins()
    {
        var config = RegistriesConfig.Parse("""
            [[registry]]
            prefix = "example.com"
            location = "first.example.com"
            [[registry]]
            prefix = "example.com"
            location = "second.example.com"
            """);

        config.Registries.Single().Location.ShouldBe("first.example.com");
    }

    [Fact]
    public void Parse_WildcardPrefixWithoutLocation_IsAllowed()
    {
        var config = RegistriesConfig.Parse("[[registry]]\nprefix = \"*.example.com\"\ninsecure = true");

        var entry = config.Registries.Single();
        entry.Prefix.ShouldBe("*.example.com");
        entry.Location.ShouldBe("");
        entry.Insecure.ShouldBeTrue();
    }

    [Fact]
    public void Parse_InlineRegistryArrayAndUnknownKeys_AreAccepted()
    {
        var config = RegistriesConfig.Parse("""
            additional-layer-store-auth-helper = "helper"
            future-setting = 1
            registry = [{ location = "a.com", colour = "blue", mirror = [{ location = "m.a.com", weight = 2 }] }]
            """, "r.conf");

        config.Registries.Single().Mirrors.Single().Location.ShouldBe("m.a.com");
        config.UnknownKeys.ShouldBe(["r.conf: future-setting", "r.conf: registry.colour", "r.conf: registry.mirror.weight"]);
    }

    [Fact]
    public void Parse_EmptyAliasValue_RecordsErasure()
    {
        var config = RegistriesConfig.Parse("[aliases]\n\"img\" = \"\"");

        config.Aliases["img"].Value.ShouldBeNull();
    }

    [Fact]
    public void FindRegistry_LongestPrefix_Wins()
    {
        var config = RegistriesConfig.Parse("""
            [[registry]]
            location = "example.com"
            [[registry]]
            prefix = "example.com/foo"
            location = "foo.example.com"
            [[registry]]
            prefix = "example.com/foo/bar"
            location = "bar.example.com"
            [[registry]]
            prefix = "*.example.com"
            blocked = true
            [[registry]]
            prefix = "*.sub.example.com"
            location = ""
            """);

        config.FindRegistry("example.com/foo/bar/img:1")!.Location.ShouldBe("bar.example.com");
        config.FindRegistry("example.com/foo/baz:1")!.Location.ShouldBe("foo.example.com");
        config.FindRegistry("example.com/foobar:1")!.Location.ShouldBe("example.com");
        config.FindRegistry("a.example.com/x:1")!.Prefix.ShouldBe("*.example.com");
        config.FindRegistry("a.sub.example.com/x:1")!.Prefix.ShouldBe("*.sub.example.com");
        config.FindRegistry("other.com/x:1").ShouldBeNull();
    }

    [Fact]
    public void Load_ExplicitMissingFile_Throws()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("missing.conf");

        Should.Throw<RegistriesConfigException>(() => RegistriesConfig.Load(path))
            .Message.ShouldBe($"loading registries configuration \"{path}\": file does not exist");
    }
}
