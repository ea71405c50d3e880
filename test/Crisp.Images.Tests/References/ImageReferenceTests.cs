using Crisp.Images.References;
using Shouldly;
using Xunit;

namespace Crisp.Images.Tests.References;

public sealed class ImageReferenceTests
{
    private const string Sha = "sha256:7cc4b5aefd1d0cadf8d97d4350462ba51c694ebca145b08d7d41b41acc8db5aa";

    [Fact]
    public void Parse_ShortName_NormalisesToDockerHubLibrary()
    {
        var reference = ImageReference.Parse("busybox");

        reference.ToString().ShouldBe("docker.io/library/busybox:latest");
        reference.Domain.ShouldBe("docker.io");
        reference.Path.ShouldBe("library/busybox");
        reference.Tag.ShouldBe("latest");
        reference.Digest.ShouldBeNull();
        reference.IsShortName.ShouldBeTrue();
        reference.ShortName.ShouldBe("busybox");
        reference.FamiliarName.ShouldBe("busybox");
        reference.FamiliarString.ShouldBe("busybox:latest");
        reference.RegistryEndpoint.ShouldBe("registry-1.docker.io");
        reference.Original.ShouldBe("busybox");
    }

    [Theory]
    [InlineData("user/img", "docker.io/user/img:latest", "user/img:latest", true)]
    [InlineData("user/img:1.0", "docker.io/user/img:1.0", "user/img:1.0", true)]
    [InlineData("library/busybox", "docker.io/library/busybox:latest", "busybox:latest", true)]
    [InlineData("a/b/c", "docker.io/a/b/c:latest", "a/b/c:latest", true)]
    [InlineData("docker.io/busybox", "docker.io/library/busybox:latest", "busybox:latest", false)]
    [InlineData("docker.io/library/busybox:1.36", "docker.io/library/busybox:1.36", "busybox:1.36", false)]
    [InlineData("index.docker.io/busybox", "docker.io/library/busybox:latest", "busybox:latest", false)]
    [InlineData("docker.io/library/a/b", "docker.io/library/a/b:latest", "library/a/b:latest", false)]
    [InlineData("localhost/x", "localhost/x:latest", "localhost/x:latest", false)]
    [InlineData("localhost:5000/x", "localhost:5000/x:latest", "localhost:5000/x:latest", false)]
    [InlineData("127.0.0.1:5000/library/busybox:1.36", "127.0.0.1:5000/library/busybox:1.36", "127.0.0.1:5000/library/busybox:1.36", false)]
    [InlineData("[::1]:5000/x", "[::1]:5000/x:latest", "[::1]:5000/x:latest", false)]
    [InlineData("[2001:db8::1]/ns/x:v1", "[2001:db8::1]/ns/x:v1", "[2001:db8::1]/ns/x:v1", false)]
    [InlineData("quay.io/coreos/etcd:v3.5.0", "quay.io/coreos/etcd:v3.5.0", "quay.io/coreos/etcd:v3.5.0", false)]
    [InlineData("registry.k8s.io/pause:3.10", "registry.k8s.io/pause:3.10", "registry.k8s.io/pause:3.10", false)]
    [InlineData("Example.COM/img", "Example.COM/img:latest", "Example.COM/img:latest", false)]
    [InlineData("myhost:5000/img", "myhost:5000/img:latest", "myhost:5000/img:latest", false)]
    [InlineData("a.b-c.d/x__y/a-----b/c.d/e_f:TAG_1.x-y", "a.b-c.d/x__y/a-----b/c.d/e_f:TAG_1.x-y", "a.b-c.d/x__y/a-----b/c.d/e_f:TAG_1.x-y", false)]
    [InlineData("localhost:5000", "docker.io/library/localhost:5000", "localhost:5000", true)]
    public void Parse_ValidReference_Normalises(string input, string expected, string familiar, bool isShort)
    {
        var reference = ImageReference.Parse(input);

        reference.ToString().ShouldBe(expected);
        reference.FamiliarString.ShouldBe(familiar);
        reference.IsShortName.ShouldBe(isShort);
    }

    [Fact]
    public void Parse_Digest_HasNoDefaultTag()
    {
        var reference = ImageReference.Parse("busybox@" + Sha);

        reference.ToString().ShouldBe("docker.io/library/busybox@" + Sha);
        reference.Tag.ShouldBeNull();
        reference.Digest.ShouldBe(Sha);
        reference.HasDigest.ShouldBeTrue();
        reference.ManifestReference.ShouldBe(Sha);
        reference.IsShortName.ShouldBeTrue();
        reference.ShortName.ShouldBe("busybox");
    }

    [Fact]
    public void Parse_TagAndDigest_KeepsBothAndPullsByDigest()
    {
        var reference = ImageReference.Parse("quay.io/ns/img:1.0@" + Sha);

        reference.ToString().ShouldBe("quay.io/ns/img:1.0@" + Sha);
        reference.Tag.ShouldBe("1.0");
        reference.Digest.ShouldBe(Sha);
        reference.ManifestReference.ShouldBe(Sha);
        reference.ForPull().ToString().ShouldBe("quay.io/ns/img@" + Sha);
    }

    [Fact]
    public void Parse_Tag_ManifestReferenceIsTag()
    {
        var reference = ImageReference.Parse("localhost:5000/a/b:v2");

        reference.ManifestReference.ShouldBe("v2");
        reference.RegistryEndpoint.ShouldBe("localhost:5000");
        reference.Name.ShouldBe("localhost:5000/a/b");
        reference.FamiliarName.ShouldBe("localhost:5000/a/b");
        reference.ForPull().ShouldBeSameAs(reference);
    }

    [Theory]
    [InlineData("sha384:" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("sha512:" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void Parse_OtherDigestAlgorithms_Accepted(string digest)
    {
        ImageReference.Parse("x.io/y@" + digest).Digest.ShouldBe(digest);
    }

    [Theory]
    [InlineData("", "at least one component")]
    [InlineData("Busybox", "must be lowercase")]
    [InlineData("docker.io/Library/busybox", "must be lowercase")]
    [InlineData("Foo/bar", "must be lowercase")]
    [InlineData("quay.io/Ns/img", "must be lowercase")]
    [InlineData("busybox:", "tag \"\"")]
    [InlineData("busybox:-bad", "tag \"-bad\"")]
    [InlineData("busybox:.bad", "tag \".bad\"")]
    [InlineData("busybox:a/b", "invalid reference format")]
    [InlineData("busybox@", "not a valid digest")]
    [InlineData("busybox@sha256:abc", "not a valid digest")]
    [InlineData("busybox@sha256:7CC4B5AEFD1D0CADF8D97D4350462BA51C694EBCA145B08D7D41B41ACC8DB5AA", "lowercase hexadecimal")]
    [InlineData("busybox@sha256:7cc4b5aefd1d0cadf8d97d4350462ba51c694ebca145b08d7d41b41acc8db5", "expected 64")]
    [InlineData("busybox@md5:7cc4b5aefd1d0cadf8d97d4350462ba5", "unsupported digest algorithm \"md5\"")]
    [InlineData("7cc4b5aefd1d0cadf8d97d4350462ba51c694ebca145b08d7d41b41acc8db5aa", "64-byte hexadecimal")]
    [InlineData("example.com/", "at least one component")]
    [InlineData("example.com//x", "invalid reference format")]
    [InlineData("-busybox", "invalid reference format")]
    [InlineData("busybox-", "invalid reference format")]
    [InlineData("bu..sybox", "invalid reference format")]
    [InlineData("bu___sybox", "invalid reference format")]
    [InlineData("my_host.com/x", "not a valid registry host")]
    [InlineData("-host.com/x", "not a valid registry host")]
    [InlineData("host.com:port/x", "not a valid registry host")]
    [InlineData("::1/x", "not a valid registry host")]
    [InlineData("[::1%eth0]:5000/x", "not a valid registry host")]
    [InlineData("busy box", "invalid reference format")]
    [InlineData("busybox\n", "invalid reference format")]
    [InlineData("docker://busybox", "invalid reference format")]
    public void Parse_InvalidReference_ThrowsWithReason(string input, string reason)
    {
        var e = Should.Throw<ImageReferenceException>(() => ImageReference.Parse(input));

        e.Message.ShouldStartWith($"invalid image reference \"{input}\": ");
        e.Reason.ShouldContain(reason);
        e.Input.ShouldBe(input);
    }

    [Fact]
    public void Parse_TagLongerThan128_Rejected()
    {
        var tag = new string('a', 129);

        Should.Throw<ImageReferenceException>(() => ImageReference.Parse("busybox:" + tag)).Reason.ShouldContain("tag");
        ImageReference.Parse("busybox:" + tag[..128]).Tag!.Length.ShouldBe(128);
    }

    [Fact]
    public void Parse_NameLongerThan255_Rejected()
    {
        // docker.io/ (10) + library/ (8) + 237 = 255 is the limit
        ImageReference.Parse(new string('a', 237)).Name.Length.ShouldBe(255);

        Should.Throw<ImageReferenceException>(() => ImageReference.Parse(new string('a', 238)))
            .Reason.ShouldBe("repository name must not be more than 255 characters");
        Should.Throw<ImageReferenceException>(() => ImageReference.Parse("quay.io/" + new string('b', 248)))
            .Reason.ShouldContain("255");
    }

    [Fact]
    public void TryParse_Invalid_ReturnsFalseAndError()
    {
        ImageReference.TryParse("UPPER", out var reference, out var error).ShouldBeFalse();

        reference.ShouldBeNull();
        error.ShouldBe("repository name \"UPPER\" must be lowercase");
        ImageReference.TryParse(null, out _, out var nullError).ShouldBeFalse();
        nullError.ShouldNotBeNull();
    }

    [Fact]
    public void TryParse_Valid_ReturnsReference()
    {
        ImageReference.TryParse("quay.io/a/b", out var reference, out var error).ShouldBeTrue();

        reference!.ToString().ShouldBe("quay.io/a/b:latest");
        error.ShouldBeNull();
    }

    [Fact]
    public void Equals_SameNormalisedReference_AreEqual()
    {
        var a = ImageReference.Parse("busybox");
        var b = ImageReference.Parse("docker.io/library/busybox:latest");

        a.ShouldBe(b);
        a.GetHashCode().ShouldBe(b.GetHashCode());
        a.IsShortName.ShouldNotBe(b.IsShortName);
        a.ShouldNotBe(ImageReference.Parse("busybox:1"));
    }

    [Theory]
    [InlineData("docker.io", "registry-1.docker.io")]
    [InlineData("index.docker.io", "registry-1.docker.io")]
    [InlineData("quay.io", "quay.io")]
    [InlineData("localhost:5000", "localhost:5000")]
    public void EndpointFor_Domain_MapsDockerHub(string domain, string endpoint)
    {
        ImageReference.EndpointFor(domain).ShouldBe(endpoint);
    }
}
