using System.Text;
using Crisp.Images.Credentials;
using Crisp.Images.References;
using Crisp.Images.Registries;
using Shouldly;
using Xunit;

namespace Crisp.Images.Tests.Credentials;

public sealed class CredentialResolverTests
{
    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    private static string AuthJson(params (string Key, string Entry)[] entries) =>
        "{\"auths\": {" + string.Join(",", entries.Select(e => $"\"{e.Key}\": {e.Entry}")) + "}}";

    private static string Basic(string user, string pass) => $"{{\"auth\": \"{B64(user + ":" + pass)}\"}}";

    [Fact]
    public void Resolve_NamespaceKeys_MostSpecificWins()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("auth.json", AuthJson(
            ("my-registry.local", Basic("host", "h")),
            ("my-registry.local/foo", Basic("ns", "n")),
            ("my-registry.local/foo/bar/image", Basic("repo", "r"))));
        var resolver = new CredentialResolver([file]);

        resolver.Resolve(ImageReference.Parse("my-registry.local/foo/bar/image:1"))!.Username.ShouldBe("repo");
        resolver.Resolve(ImageReference.Parse("my-registry.local/foo/bar/other:1"))!.Username.ShouldBe("ns");
        resolver.Resolve(ImageReference.Parse("my-registry.local/foobar/x"))!.Username.ShouldBe("host");
        resolver.Resolve(ImageReference.Parse("other.local/foo/x")).ShouldBeNull();
    }

    [Fact]
    public void Resolve_BasicEntry_DecodesUserAndPassword()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("auth.json", AuthJson(("quay.io", Basic("alice", "pa:ss\0"))));

        var credential = new CredentialResolver([file]).Resolve(ImageReference.Parse("quay.io/a/b"))!;

        credential.Kind.ShouldBe(RegistryCredentialKind.Basic);
        credential.Username.ShouldBe("alice");
        credential.Password.ShouldBe("pa:ss");
        credential.Source.ShouldBe($"{file} (\"quay.io\")");
        credential.ToString().ShouldNotContain("pa:ss");
    }

    [Theory]
    [InlineData("https://index.docker.io/v1/")]
    [InlineData("index.docker.io")]
    [InlineData("docker.io")]
    [InlineData("registry-1.docker.io")]
    [InlineData("http://docker.io")]
    public void Resolve_DockerHubKeyForms_MatchDockerIo(string key)
    {
        using var dir = new TempDirectory();
        var file = dir.Write("config.json", AuthJson((key, Basic("hub", "p"))));

        new CredentialResolver([file]).Resolve(ImageReference.Parse("busybox"))!.Username.ShouldBe("hub");
    }

    [Fact]
    public void Resolve_LegacyUrlKeyForOtherRegistry_Matches()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("config.json", AuthJson(("https://myreg.example.com:5000/v2/", Basic("url", "p"))));

        new CredentialResolver([file]).Resolve(ImageReference.Parse("myreg.example.com:5000/a"))!.Username.ShouldBe("url");
        new CredentialResolver([file]).Resolve(ImageReference.Parse("myreg.example.com/a")).ShouldBeNull();
    }

    [Fact]
    public void Resolve_ExactKeyBeatsNormalisedKey()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("config.json", AuthJson(("https://index.docker.io/v1/", Basic("legacy", "p")), ("docker.io", Basic("exact", "p"))));

        new CredentialResolver([file]).Resolve(ImageReference.Parse("busybox"))!.Username.ShouldBe("exact");
    }

    [Fact]
    public void Resolve_IdentityToken_ReturnedWithUser()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("auth.json", AuthJson(("quay.io", $"{{\"auth\": \"{B64("bob:")}\", \"identitytoken\": \"refresh-xyz\"}}")));

        var credential = new CredentialResolver([file]).Resolve(ImageReference.Parse("quay.io/x"))!;

        credential.Kind.ShouldBe(RegistryCredentialKind.IdentityToken);
        credential.Username.ShouldBe("bob");
        credential.IdentityToken.ShouldBe("refresh-xyz");
    }

    [Fact]
    public void Resolve_FilePrecedence_FirstFileWithEntryWins()
    {
        using var dir = new TempDirectory();
        var global = dir.Write("global.json", AuthJson(("other.io", Basic("g", "p"))));
        var run = dir.Write("run/auth.json", AuthJson(("quay.io", Basic("run", "p"))));
        var docker = dir.Write("docker/config.json", AuthJson(("quay.io", Basic("docker", "p")), ("other.io", Basic("d", "p"))));
        var resolver = new CredentialResolver([global, dir.Combine("missing.json"), run, docker]);

        resolver.Resolve(ImageReference.Parse("quay.io/a"))!.Username.ShouldBe("run");
        resolver.Resolve(ImageReference.Parse("other.io/a"))!.Username.ShouldBe("g");
    }

    [Fact]
    public void Resolve_EmptyHelperMarkerEntry_FallsThroughToNextFile()
    {
        using var dir = new TempDirectory();
        var first = dir.Write("a.json", "{\"auths\": {\"quay.io\": {}}, \"credHelpers\": {\"quay.io\": \"secretservice\"}}");
        var second = dir.Write("b.json", AuthJson(("quay.io", Basic("second", "p"))));

        new CredentialResolver([first, second]).Resolve(ImageReference.Parse("quay.io/a"))!.Username.ShouldBe("second");
    }

    [Fact]
    public void Resolve_CriAuth_WinsOverFiles()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("auth.json", AuthJson(("quay.io", Basic("file", "p"))));
        var resolver = new CredentialResolver([file]);
        var image = ImageReference.Parse("quay.io/a");

        var credential = resolver.Resolve(image, new CriAuthConfig(Username: "kubelet", Password: "secret"))!;

        credential.Username.ShouldBe("kubelet");
        credential.Password.ShouldBe("secret");
        credential.Source.ShouldBe(CredentialResolver.CriSource);
        resolver.Resolve(image, new CriAuthConfig())!.Username.ShouldBe("file");
        resolver.Resolve(image, null)!.Username.ShouldBe("file");
    }

    [Fact]
    public void FromCri_AuthField_OverridesUsernamePassword()
    {
        var credential = CredentialResolver.FromCri(new CriAuthConfig(Username: "ignored", Password: "x", Auth: B64("u:p")))!;

        credential.Kind.ShouldBe(RegistryCredentialKind.Basic);
        credential.Username.ShouldBe("u");
        credential.Password.ShouldBe("p");
    }

    [Fact]
    public void FromCri_Tokens_SelectKind()
    {
        var identity = CredentialResolver.FromCri(new CriAuthConfig(IdentityToken: "refresh"))!;
        identity.Kind.ShouldBe(RegistryCredentialKind.IdentityToken);
        identity.IdentityToken.ShouldBe("refresh");
        identity.Username.ShouldBe("");

        var bearer = CredentialResolver.FromCri(new CriAuthConfig(Username: "u", Password: "p", RegistryToken: "bearer"))!;
        bearer.Kind.ShouldBe(RegistryCredentialKind.RegistryToken);
        bearer.RegistryToken.ShouldBe("bearer");
        bearer.Username.ShouldBe("u");
        bearer.Password.ShouldBe("p");

        CredentialResolver.FromCri(new CriAuthConfig(ServerAddress: "quay.io")).ShouldBeNull();
        CredentialResolver.FromCri(new CriAuthConfig(Auth: B64("nocolon"))).ShouldBeNull();
    }

    [Fact]
    public void FromCri_InvalidBase64_Throws()
    {
        Should.Throw<CredentialsException>(() => CredentialResolver.FromCri(new CriAuthConfig(Auth: "%%%")))
            .Message.ShouldContain("not valid base64");
    }

    [Fact]
    public void Resolve_MalformedFile_ThrowsNamingFile()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("auth.json", "{\"auths\": ");

        Should.Throw<CredentialsException>(() => new CredentialResolver([file]).Resolve(ImageReference.Parse("quay.io/a")))
            .Message.ShouldStartWith($"reading auth file \"{file}\": invalid JSON");
    }

    [Fact]
    public void Resolve_BadBase64InFile_ThrowsNamingKey()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("auth.json", AuthJson(("quay.io", "{\"auth\": \"***\"}")));

        Should.Throw<CredentialsException>(() => new CredentialResolver([file]).Resolve(ImageReference.Parse("quay.io/a")))
            .Message.ShouldBe($"reading auth file \"{file}\": \"auth\" of \"quay.io\" is not valid base64");
    }

    [Fact]
    public void ResolveSource_MirrorOnOtherHost_DoesNotGetCriAuth()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("auth.json", AuthJson(("mirror.local", Basic("mirror-user", "p"))));
        var config = RegistriesConfig.Parse("[[registry]]\nlocation = \"quay.io\"\n[[registry.mirror]]\nlocation = \"mirror.local\"");
        var plan = new PullSourceResolver(config).Resolve("quay.io/a:1");
        var resolver = new CredentialResolver([file]);
        var cri = new CriAuthConfig(Username: "kubelet", Password: "secret");

        resolver.Resolve(plan.Sources[0], cri)!.Username.ShouldBe("mirror-user");
        resolver.Resolve(plan.Sources[1], cri)!.Username.ShouldBe("kubelet");
    }

    [Fact]
    public void DefaultAuthFiles_Environment_OrderedAsDocumented()
    {
        var env = new Dictionary<string, string> { ["XDG_RUNTIME_DIR"] = "/run/user/0", ["HOME"] = "/root" };

        CredentialResolver.DefaultAuthFiles("/etc/crisp/auth.json", k => env.GetValueOrDefault(k)).ShouldBe([
            "/etc/crisp/auth.json",
            "/run/containers/0/auth.json",
            "/run/user/0/containers/auth.json",
            "/root/.docker/config.json",
        ]);
        env["DOCKER_CONFIG"] = "/etc/docker-cfg";
        CredentialResolver.DefaultAuthFiles(null, k => env.GetValueOrDefault(k)).ShouldBe([
            "/run/containers/0/auth.json",
            "/run/user/0/containers/auth.json",
            "/etc/docker-cfg/config.json",
        ]);
    }
}
