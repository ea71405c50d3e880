using Crisp.Images.Registries;
using Shouldly;
using Xunit;

namespace Crisp.Images.Tests.Registries;

public sealed class PullSourceResolverTests
{
    private const string Sha = "sha256:7cc4b5aefd1d0cadf8d97d4350462ba51c694ebca145b08d7d41b41acc8db5aa";

    private const string MirrorsConf = """
        [[registry]]
        prefix = "example.com/foo"
        location = "internal-registry-for-example.com/bar"

        [[registry.mirror]]
        location = "example-mirror-0.local/mirror-for-foo"

        [[registry.mirror]]
        location = "example-mirror-1.local/mirrors/foo"
        insecure = true

        [[registry]]
        location = "registry.com"

        [[registry.mirror]]
        location = "mirror.registry.com"
        """;

    private static PullPlan Resolve(string conf, string image, IEnumerable<string>? insecure = null, ShortNameMode? mode = null) =>
        new PullSourceResolver(RegistriesConfig.Parse(conf, "/etc/containers/registries.conf"), insecure, mode).Resolve(image);

    private static string[] Refs(PullPlan plan) => [.. plan.Sources.Select(s => s.Reference.ToString())];

    [Fact]
    public void Resolve_FullyQualifiedWithoutConfig_SingleDirectSource()
    {
        var plan = new PullSourceResolver(RegistriesConfig.Empty).Resolve("quay.io/coreos/etcd:v3");

        plan.Resolution.ShouldBe(PullResolution.FullyQualified);
        plan.Description.ShouldBe("");
        var source = plan.Sources.ShouldHaveSingleItem();
        source.Reference.ToString().ShouldBe("quay.io/coreos/etcd:v3");
        source.Endpoint.ShouldBe("quay.io");
        source.Insecure.ShouldBeFalse();
        source.IsMirror.ShouldBeFalse();
        source.LogicalReference.ToString().ShouldBe("quay.io/coreos/etcd:v3");
    }

    [Fact]
    public void Resolve_DockerHub_EndpointIsRegistry1()
    {
        var source = new PullSourceResolver(RegistriesConfig.Empty).Resolve("docker.io/library/busybox:1.36").Sources.Single();

        source.Endpoint.ShouldBe("registry-1.docker.io");
        source.Reference.Domain.ShouldBe("docker.io");
    }

    [Fact]
    public void Resolve_Mirrors_TriedInOrderThenRewrittenPrimary()
    {
        var plan = Resolve(MirrorsConf, "example.com/foo/image:latest");

        Refs(plan).ShouldBe([
            "example-mirror-0.local/mirror-for-foo/image:latest",
            "example-mirror-1.local/mirrors/foo/image:latest",
            "internal-registry-for-example.com/bar/image:latest",
        ]);
        plan.Sources.Select(s => s.IsMirror).ShouldBe([true, true, false]);
        plan.Sources.Select(s => s.Insecure).ShouldBe([false, true, false]);
        plan.Sources.Select(s => s.Endpoint).ShouldBe(["example-mirror-0.local", "example-mirror-1.local", "internal-registry-for-example.com"]);
        plan.Sources.ShouldAllBe(s => s.LogicalReference.ToString() == "example.com/foo/image:latest");
        plan.Sources.Select(s => s.SharesLogicalRegistry).ShouldBe([false, false, false]);
    }

    [Fact]
    public void Resolve_MirrorOfOtherRegistry_NotUsed()
    {
        Refs(Resolve(MirrorsConf, "registry.com/image:latest")).ShouldBe(["mirror.registry.com/image:latest", "registry.com/image:latest"]);
        Refs(Resolve(MirrorsConf, "example.com/other/image:1")).ShouldBe(["example.com/other/image:1"]);
    }

    [Fact]
    public void Resolve_DockerHubMirror_RewritesLibraryPath()
    {
        const string conf = """
            unqualified-search-registries = ["docker.io"]
            [[registry]]
            prefix = "docker.io"
            location = "docker.io"
            [[registry.mirror]]
            location = "mirror.gcr.io"
            """;

        var plan = Resolve(conf, "busybox:1.36");

        Refs(plan).ShouldBe(["mirror.gcr.io/library/busybox:1.36", "docker.io/library/busybox:1.36"]);
        plan.Sources.Select(s => s.Endpoint).ShouldBe(["mirror.gcr.io", "registry-1.docker.io"]);
        plan.Sources[1].SharesLogicalRegistry.ShouldBeTrue();
    }

    [Fact]
    public void Resolve_MirrorByDigestOnly_SkipsMirrorsForTags()
    {
        const string conf = """
            [[registry]]
            location = "quay.io"
            mirror-by-digest-only = true
            [[registry.mirror]]
            location = "mirror.local"
            """;

        Refs(Resolve(conf, "quay.io/a/b:1")).ShouldBe(["quay.io/a/b:1"]);
        Refs(Resolve(conf, "quay.io/a/b@" + Sha)).ShouldBe(["mirror.local/a/b@" + Sha, "quay.io/a/b@" + Sha]);
    }

    [Fact]
    public void Resolve_PullFromMirror_FiltersByDigestPresence()
    {
        const string conf = """
            [[registry]]
            location = "quay.io"
            [[registry.mirror]]
            location = "digest.local"
            pull-from-mirror = "digest-only"
            [[registry.mirror]]
            location = "tag.local"
            pull-from-mirror = "tag-only"
            [[registry.mirror]]
            location = "all.local"
            pull-from-mirror = "all"
            """;

        Refs(Resolve(conf, "quay.io/a:1")).ShouldBe(["tag.local/a:1", "all.local/a:1", "quay.io/a:1"]);
        Refs(Resolve(conf, "quay.io/a@" + Sha)).ShouldBe(["digest.local/a@" + Sha, "all.local/a@" + Sha, "quay.io/a@" + Sha]);
    }

    [Fact]
    public void Resolve_TagAndDigest_PullsByDigestKeepingLogicalTag()
    {
        var plan = Resolve(MirrorsConf, $"registry.com/img:1.0@{Sha}");

        Refs(plan).ShouldBe([$"mirror.registry.com/img@{Sha}", $"registry.com/img@{Sha}"]);
        plan.Candidates.Single().Reference.ToString().ShouldBe($"registry.com/img:1.0@{Sha}");
    }

    [Fact]
    public void Resolve_PrefixWithTag_MatchesOnlyThatTag()
    {
        const string conf = """
            [[registry]]
            prefix = "quay.io/a/img:special"
            location = "special.local/img:special"
            """;

        Refs(Resolve(conf, "quay.io/a/img:special")).ShouldBe(["special.local/img:special"]);
        Refs(Resolve(conf, "quay.io/a/img:other")).ShouldBe(["quay.io/a/img:other"]);
    }

    [Fact]
    public void Resolve_WildcardPrefix_AppliesSettingsWithoutRewrite()
    {
        const string conf = """
            [[registry]]
            prefix = "*.internal.corp"
            insecure = true
            [[registry.mirror]]
            location = "cache.local/corp"
            """;

        var plan = Resolve(conf, "reg.eu.internal.corp/team/app:2");

        Refs(plan).ShouldBe(["cache.local/corp/team/app:2", "reg.eu.internal.corp/team/app:2"]);
        plan.Sources[1].Insecure.ShouldBeTrue();
        plan.Sources[1].IsMirror.ShouldBeFalse();

        // As in containers/image the wildcard matches the host only, so a port ends up after the mirror location.
        Should.Throw<PullResolutionException>(() => Resolve(conf, "reg.internal.corp:5000/app"))
            .Message.ShouldContain("\"cache.local/corp:5000/app:latest\" is not a valid image reference");
    }

    [Fact]
    public void Resolve_Blocked_ThrowsNamingRegistry()
    {
        const string conf = """
            [[registry]]
            location = "bad.io"
            blocked = true
            """;

        var e = Should.Throw<PullResolutionException>(() => Resolve(conf, "bad.io/x/y:1"));

        e.Failure.ShouldBe(PullResolutionFailure.Blocked);
        e.Message.ShouldBe("pulling \"bad.io/x/y:1\": registry \"bad.io\" is blocked in /etc/containers/registries.conf");
        e.Candidates.ShouldBe(["bad.io/x/y:1"]);
    }

    [Fact]
    public void Resolve_BlockedNamespaceOnly_OtherNamespacesAllowed()
    {
        const string conf = """
            [[registry]]
            prefix = "quay.io/evil"
            location = "quay.io/evil"
            blocked = true
            """;

        Should.Throw<PullResolutionException>(() => Resolve(conf, "quay.io/evil/img")).Message.ShouldContain("\"quay.io/evil\" is blocked");
        Refs(Resolve(conf, "quay.io/good/img")).ShouldBe(["quay.io/good/img:latest"]);
    }

    [Fact]
    public void Resolve_BlockedMirrorTarget_IsSkipped()
    {
        const string conf = """
            [[registry]]
            location = "quay.io"
            [[registry.mirror]]
            location = "blocked-mirror.io"
            [[registry.mirror]]
            location = "ok-mirror.io"
            [[registry]]
            location = "blocked-mirror.io"
            blocked = true
            """;

        Refs(Resolve(conf, "quay.io/a:1")).ShouldBe(["ok-mirror.io/a:1", "quay.io/a:1"]);
    }

    [Fact]
    public void Resolve_V1BlockList_Blocks()
    {
        const string conf = "[registries.block]\nregistries = [\"docker.io\"]";

        Should.Throw<PullResolutionException>(() => Resolve(conf, "docker.io/library/busybox")).Failure.ShouldBe(PullResolutionFailure.Blocked);
    }

    [Fact]
    public void Resolve_InsecureFromConfigAndCrioList()
    {
        const string conf = "[registries.insecure]\nregistries = [\"plain.local:5000\"]";

        Resolve(conf, "plain.local:5000/a").Sources.Single().Insecure.ShouldBeTrue();
        Resolve(conf, "plain.local:5001/a").Sources.Single().Insecure.ShouldBeFalse();
        Resolve(conf, "crio.local/a", ["crio.local"]).Sources.Single().Insecure.ShouldBeTrue();
        Resolve(conf, "crio.local:8443/a", ["crio.local"]).Sources.Single().Insecure.ShouldBeTrue();
        Resolve(conf, "10.1.2.3:5000/a", ["10.0.0.0/8"]).Sources.Single().Insecure.ShouldBeTrue();
        Resolve(conf, "[fd00::5]:5000/a", ["fd00::/8"]).Sources.Single().Insecure.ShouldBeTrue();
        Resolve(conf, "11.1.2.3:5000/a", ["10.0.0.0/8"]).Sources.Single().Insecure.ShouldBeFalse();
        Resolve(conf, "quay.io/a", ["crio.local"]).Sources.Single().Insecure.ShouldBeFalse();
    }

    [Fact]
    public void Resolve_CrioInsecureList_AppliesToMirrors()
    {
        var plan = Resolve(MirrorsConf, "registry.com/image", ["mirror.registry.com"]);

        plan.Sources.Select(s => s.Insecure).ShouldBe([true, false]);
    }

    [Fact]
    public void Resolve_ShortNameWithAlias_UsesAliasFirst()
    {
        const string conf = """
            unqualified-search-registries = ["quay.io", "docker.io"]
            short-name-mode = "enforcing"
            [aliases]
            "img" = "registry.example.com/team/img"
            """;

        var plan = Resolve(conf, "img:2");

        plan.Resolution.ShouldBe(PullResolution.Alias);
        Refs(plan).ShouldBe(["registry.example.com/team/img:2"]);
        plan.Description.ShouldBe("Resolved \"img\" as an alias (/etc/containers/registries.conf)");
        Refs(Resolve(conf, "img")).ShouldBe(["registry.example.com/team/img:latest"]);
        Refs(Resolve(conf, "img@" + Sha)).ShouldBe(["registry.example.com/team/img@" + Sha]);
    }

    [Fact]
    public void Resolve_AliasTarget_GoesThroughMirrors()
    {
        const string conf = """
            [aliases]
            "busybox" = "docker.io/library/busybox"
            [[registry]]
            location = "docker.io"
            [[registry.mirror]]
            location = "mirror.gcr.io"
            """;

        Refs(Resolve(conf, "busybox")).ShouldBe(["mirror.gcr.io/library/busybox:latest", "docker.io/library/busybox:latest"]);
    }

    [Fact]
    public void Resolve_ErasedAlias_FallsBackToSearchRegistries()
    {
        const string conf = """
            unqualified-search-registries = ["quay.io"]
            [aliases]
            "img" = ""
            """;

        var plan = Resolve(conf, "img");

        plan.Resolution.ShouldBe(PullResolution.SearchRegistries);
        Refs(plan).ShouldBe(["quay.io/img:latest"]);
    }

    [Fact]
    public void Resolve_EnforcingWithSeveralSearchRegistries_ThrowsAmbiguousListingCandidates()
    {
        const string conf = """
            unqualified-search-registries = ["registry.fedoraproject.org", "quay.io", "docker.io"]
            short-name-mode = "enforcing"
            """;

        var e = Should.Throw<PullResolutionException>(() => Resolve(conf, "busybox:1.36"));

        e.Failure.ShouldBe(PullResolutionFailure.AmbiguousShortName);
        e.Candidates.ShouldBe(["registry.fedoraproject.org/busybox:1.36", "quay.io/busybox:1.36", "docker.io/library/busybox:1.36"]);
        e.Message.ShouldBe(
            "short-name \"busybox:1.36\" is ambiguous: short-name-mode is \"enforcing\" and it matches 3 unqualified-search registries " +
            "(/etc/containers/registries.conf), candidates: registry.fedoraproject.org/busybox:1.36, quay.io/busybox:1.36, " +
            "docker.io/library/busybox:1.36; use a fully-qualified image name or define an alias in [aliases]");
    }

    [Fact]
    public void Resolve_EnforcingWithOneSearchRegistry_UsesIt()
    {
        const string conf = "unqualified-search-registries = [\"docker.io\"]\nshort-name-mode = \"enforcing\"";

        var plan = Resolve(conf, "user/img");

        plan.Resolution.ShouldBe(PullResolution.SearchRegistries);
        Refs(plan).ShouldBe(["docker.io/user/img:latest"]);
        plan.Description.ShouldBe("Resolving \"user/img\" using unqualified-search registries (/etc/containers/registries.conf)");
    }

    [Theory]
    [InlineData("permissive")]
    [InlineData("disabled")]
    public void Resolve_PermissiveOrDisabled_TriesEverySearchRegistry(string mode)
    {
        var conf = $"unqualified-search-registries = [\"quay.io\", \"localhost:5000\", \"docker.io\"]\nshort-name-mode = \"{mode}\"";

        var plan = Resolve(conf, "busybox");

        plan.Candidates.Select(c => c.Reference.ToString()).ShouldBe(["quay.io/busybox:latest", "localhost:5000/busybox:latest", "docker.io/library/busybox:latest"]);
        Refs(plan).ShouldBe(["quay.io/busybox:latest", "localhost:5000/busybox:latest", "docker.io/library/busybox:latest"]);
    }

    [Fact]
    public void Resolve_CrioShortNameModeOverride_WinsOverRegistriesConf()
    {
        const string conf = "unqualified-search-registries = [\"quay.io\", \"docker.io\"]\nshort-name-mode = \"permissive\"";

        Should.Throw<PullResolutionException>(() => Resolve(conf, "busybox", mode: ShortNameMode.Enforcing))
            .Failure.ShouldBe(PullResolutionFailure.AmbiguousShortName);
        Refs(Resolve(conf.Replace("permissive", "enforcing", StringComparison.Ordinal), "busybox", mode: ShortNameMode.Disabled)).Length.ShouldBe(2);
    }

    [Fact]
    public void Resolve_ShortNameWithoutSearchRegistries_Throws()
    {
        var e = Should.Throw<PullResolutionException>(() => Resolve("", "busybox"));

        e.Failure.ShouldBe(PullResolutionFailure.NoSearchRegistries);
        e.Message.ShouldBe("short-name \"busybox\" did not resolve to an alias and no unqualified-search registries are defined in /etc/containers/registries.conf");
    }

    [Fact]
    public void Resolve_ShortNameWithOneBlockedSearchRegistry_SkipsIt()
    {
        const string conf = """
            unqualified-search-registries = ["bad.io", "quay.io"]
            [[registry]]
            location = "bad.io"
            blocked = true
            """;

        Refs(Resolve(conf, "img")).ShouldBe(["quay.io/img:latest"]);
    }

    [Fact]
    public void Resolve_ShortNameWithEveryCandidateBlocked_Throws()
    {
        const string conf = """
            unqualified-search-registries = ["bad.io", "worse.io"]
            """ + "\n[[registry]]\nlocation = \"bad.io\"\nblocked = true\n[[registry]]\nlocation = \"worse.io\"\nblocked = true";

        var e = Should.Throw<PullResolutionException>(() => Resolve(conf, "img"));

        e.Failure.ShouldBe(PullResolutionFailure.Blocked);
        e.Message.ShouldContain("every candidate is blocked");
        e.Message.ShouldContain("\"bad.io\", \"worse.io\"");
        e.Candidates.ShouldBe(["bad.io/img:latest", "worse.io/img:latest"]);
    }

    [Fact]
    public void Resolve_RewriteToDockerHubLocation_NormalisesLibrary()
    {
        const string conf = """
            [[registry]]
            prefix = "example.com"
            location = "docker.io"
            """;

        Refs(Resolve(conf, "example.com/img:1")).ShouldBe(["docker.io/library/img:1"]);
    }

    [Fact]
    public void Resolve_RewriteToHostlessLocation_Throws()
    {
        const string conf = """
            [[registry]]
            prefix = "example.com"
            location = "nohost"
            """;

        Should.Throw<PullResolutionException>(() => Resolve(conf, "example.com/img:1"))
            .Failure.ShouldBe(PullResolutionFailure.InvalidReference);
    }
}
