using Crisp.Images.Policy;
using Crisp.Images.References;
using Shouldly;
using Xunit;

namespace Crisp.Images.Tests.Policy;

public sealed class SignaturePolicyTests
{
    private const string Sha = "sha256:7cc4b5aefd1d0cadf8d97d4350462ba51c694ebca145b08d7d41b41acc8db5aa";

    private const string LockedDown = """
        {
            "default": [{"type": "reject"}],
            "transports": {
                "docker": {
                    "docker.io/openshift": [{"type": "insecureAcceptAnything"}],
                    "docker.io/library/busybox": [{"type": "insecureAcceptAnything"}],
                    "docker.io/library/busybox:bad": [{"type": "reject"}],
                    "*.temporary-project.example.com": [{"type": "insecureAcceptAnything"}],
                    "localhost:5000": [{"type": "insecureAcceptAnything"}],
                    "hostname:5000/myns/signed": [{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "/k.gpg"}],
                    "hostname:5000/myns/sigstore": [{"type": "sigstoreSigned", "keyPath": "/k.pub", "signedIdentity": {"type": "matchRepository"}}],
                    "quay.io": [{"type": "insecureAcceptAnything"}, {"type": "reject"}]
                },
                "atomic": {"": [{"type": "reject"}]}
            }
        }
        """;

    private static PolicyDecision Evaluate(string json, string image) =>
        SignaturePolicy.Parse(json, "/etc/containers/policy.json").Evaluate(ImageReference.Parse(image));

    [Fact]
    public void Evaluate_InsecureAcceptAnythingDefault_Allows()
    {
        var decision = Evaluate("""{"default": [{"type": "insecureAcceptAnything"}]}""", "busybox");

        decision.Allowed.ShouldBeTrue();
        decision.Scope.ShouldBe("default");
        decision.Message.ShouldBe("image docker://docker.io/library/busybox:latest is accepted by default in /etc/containers/policy.json");
    }

    [Fact]
    public void Evaluate_RejectDefault_DeniesWithMessage()
    {
        var decision = Evaluate(LockedDown, "quay.io.example.net/x");

        decision.Allowed.ShouldBeFalse();
        decision.Scope.ShouldBe("default");
        decision.Message.ShouldBe("Running image docker://quay.io.example.net/x:latest is rejected by policy (default in /etc/containers/policy.json)");
    }

    [Theory]
    [InlineData("busybox", true, "transports.docker[\"docker.io/library/busybox\"]")]
    [InlineData("busybox:bad", false, "transports.docker[\"docker.io/library/busybox:bad\"]")]
    [InlineData("docker.io/openshift/origin:v3", true, "transports.docker[\"docker.io/openshift\"]")]
    [InlineData("openshift/hello-openshift", true, "transports.docker[\"docker.io/openshift\"]")]
    [InlineData("alpine", false, "default")]
    [InlineData("a.b.temporary-project.example.com/x/y:1", true, "transports.docker[\"*.temporary-project.example.com\"]")]
    [InlineData("temporary-project.example.com/x", false, "default")]
    [InlineData("localhost:5000/deep/ns/img", true, "transports.docker[\"localhost:5000\"]")]
    [InlineData("localhost/img", false, "default")]
    [InlineData("quay.io/a/b", false, "transports.docker[\"quay.io\"]")]
    public void Evaluate_MostSpecificScope_Applies(string image, bool allowed, string scope)
    {
        var decision = Evaluate(LockedDown, image);

        decision.Allowed.ShouldBe(allowed);
        decision.Scope.ShouldBe(scope);
    }

    [Fact]
    public void Evaluate_DigestIdentity_MatchesDigestScope()
    {
        var json = "{\"default\": [{\"type\": \"reject\"}], \"transports\": {\"docker\": {\"quay.io/a/b@" + Sha +
            "\": [{\"type\": \"insecureAcceptAnything\"}]}}}";

        Evaluate(json, $"quay.io/a/b@{Sha}").Allowed.ShouldBeTrue();
        Evaluate(json, $"quay.io/a/b:1@{Sha}").Allowed.ShouldBeTrue();
        Evaluate(json, "quay.io/a/b:1").Allowed.ShouldBeFalse();
    }

    [Fact]
    public void Evaluate_TransportDefault_UsedBeforeGlobalDefault()
    {
        const string json = """
            {"default": [{"type": "reject"}],
             "transports": {"docker": {"": [{"type": "insecureAcceptAnything"}], "bad.io": [{"type": "reject"}]}}}
            """;

        var decision = Evaluate(json, "quay.io/a/b");
        decision.Allowed.ShouldBeTrue();
        decision.Scope.ShouldBe("transports.docker[\"\"]");
        Evaluate(json, "bad.io/x").Allowed.ShouldBeFalse();
    }

    [Theory]
    [InlineData("hostname:5000/myns/signed:1", "signedBy")]
    [InlineData("hostname:5000/myns/sigstore:1", "sigstoreSigned")]
    public void Evaluate_SignatureRequirement_DeniesAsUnsupported(string image, string type)
    {
        var decision = Evaluate(LockedDown, image);

        decision.Allowed.ShouldBeFalse();
        decision.Message.ShouldContain($"requires signature verification (\"{type}\"");
        decision.Message.ShouldEndWith("but signature verification is not supported by crisp");
    }

    [Fact]
    public void ScopesOf_Reference_MostSpecificFirst()
    {
        SignaturePolicy.ScopesOf(ImageReference.Parse("a.b.example.com:5000/ns/sub/img:1")).ShouldBe([
            "a.b.example.com:5000/ns/sub/img:1",
            "a.b.example.com:5000/ns/sub/img",
            "a.b.example.com:5000/ns/sub",
            "a.b.example.com:5000/ns",
            "a.b.example.com:5000",
            "*.b.example.com",
            "*.example.com",
            "*.com",
            "",
        ]);
        SignaturePolicy.ScopesOf(ImageReference.Parse("[::1]:5000/img:1")).ShouldBe(["[::1]:5000/img:1", "[::1]:5000/img", "[::1]:5000", ""]);
    }

    [Theory]
    [InlineData("{}", "Default policy is missing")]
    [InlineData("""{"default": []}""", "must not be empty")]
    [InlineData("""{"default": [{"type": "trustMe"}]}""", "unknown policy requirement type \"trustMe\"")]
    [InlineData("""{"default": [{}]}""", "requirement has no \"type\"")]
    [InlineData("""{"default": [{"type": "reject", "extra": 1}]}""", "unknown key \"extra\"")]
    [InlineData("""{"default": [{"type": "reject"}], "extra": {}}""", "unknown key \"extra\"")]
    [InlineData("""{"default": [{"type": "reject"}], "default": [{"type": "reject"}]}""", "duplicate key \"default\"")]
    [InlineData("""{"default": [{"type": "reject"}], "transports": {"docker": {"x.io": []}}}""", "must not be empty")]
    [InlineData("""{"default": [{"type": "reject"}], "transports": []}""", "expected a JSON object")]
    [InlineData("""{"default": {"type": "reject"}}""", "expected an array")]
    [InlineData("""{"default": [""", "invalid policy")]
    [InlineData("[]", "expected a JSON object")]
    public void Parse_InvalidPolicy_ThrowsNamingFile(string json, string expected)
    {
        var e = Should.Throw<SignaturePolicyException>(() => SignaturePolicy.Parse(json, "/p/policy.json"));

        e.Message.ShouldStartWith("invalid policy in \"/p/policy.json\": ");
        e.Message.ShouldContain(expected);
    }

    [Fact]
    public void Load_MissingFile_ThrowsNamingIt()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("policy.json");

        Should.Throw<SignaturePolicyException>(() => SignaturePolicy.Load(path)).Message.ShouldBe($"no policy.json file found at \"{path}\"");
    }

    [Fact]
    public void Load_File_EvaluatesAndRecordsOrigin()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("policy.json", LockedDown);

        var policy = SignaturePolicy.Load(path);

        policy.Origin.ShouldBe(path);
        policy.Evaluate(ImageReference.Parse("busybox:1")).Allowed.ShouldBeTrue();
    }
}
