using Crisp.Oci.Spec.Images;
using Shouldly;

namespace Crisp.Oci.Tests.Spec;

public sealed class ImageConfigTests
{
    // A Docker-built image config: extra fields, nulls, and the container_config block.
    private const string DockerConfig = """
        {
          "architecture": "amd64",
          "config": {
            "Hostname": "",
            "User": "101:101",
            "ExposedPorts": { "80/tcp": {}, "443/tcp": {} },
            "Env": ["PATH=/usr/local/bin:/usr/bin", "LANG=C.UTF-8"],
            "Cmd": null,
            "Entrypoint": ["/usr/bin/tini", "--"],
            "Volumes": { "/data": {} },
            "WorkingDir": "/app",
            "Labels": { "org.opencontainers.image.title": "demo" },
            "OnBuild": null,
            "StopSignal": "SIGQUIT"
          },
          "container_config": { "Cmd": ["/bin/sh", "-c", "#(nop) CMD"] },
          "created": "2024-05-01T12:34:56.123456789Z",
          "docker_version": "24.0.7",
          "history": [{ "created": "2024-05-01T12:34:56Z", "created_by": "ADD rootfs.tar /", "empty_layer": false }],
          "os": "linux",
          "variant": "v8",
          "rootfs": { "type": "layers", "diff_ids": ["sha256:1111", "sha256:2222"] }
        }
        """;

    [Fact]
    public void Parse_DockerConfig_ReadsEveryField()
    {
        var image = ImageConfig.Parse(DockerConfig);

        image.Architecture.ShouldBe("amd64");
        image.Os.ShouldBe("linux");
        image.Variant.ShouldBe("v8");
        image.Created.ShouldBe("2024-05-01T12:34:56.123456789Z");
        image.RunConfig.User.ShouldBe("101:101");
        image.RunConfig.Env.ShouldBe(["PATH=/usr/local/bin:/usr/bin", "LANG=C.UTF-8"]);
        image.RunConfig.Entrypoint.ShouldBe(["/usr/bin/tini", "--"]);
        image.RunConfig.Cmd.ShouldBeNull();
        image.RunConfig.WorkingDir.ShouldBe("/app");
        image.RunConfig.ExposedPorts!.Keys.ShouldBe(["80/tcp", "443/tcp"], ignoreOrder: true);
        image.RunConfig.Volumes!.Keys.ShouldBe(["/data"]);
        image.RunConfig.Labels!["org.opencontainers.image.title"].ShouldBe("demo");
        image.RunConfig.StopSignal.ShouldBe("SIGQUIT");
        image.Rootfs!.DiffIds.ShouldBe(["sha256:1111", "sha256:2222"]);
        image.History!.Single().CreatedBy.ShouldBe("ADD rootfs.tar /");
    }

    [Fact]
    public void Parse_NamesInOtherCase_MatchedLikeGo()
    {
        var image = ImageConfig.Parse("""{"Config": {"user": "nobody", "cmd": ["true"]}, "RootFS": {"Diff_IDs": ["sha256:1"]}}""");

        image.RunConfig.User.ShouldBe("nobody");
        image.RunConfig.Cmd.ShouldBe(["true"]);
        image.Rootfs!.DiffIds.ShouldBe(["sha256:1"]);
    }

    [Fact]
    public void Parse_NoConfigObject_EmptyRunConfig()
    {
        ImageConfig.Parse("""{"architecture":"arm64","os":"linux"}""").RunConfig.ShouldBeSameAs(ImageRunConfig.Empty);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("""{"config": {"Env": "PATH=/bin"}}""")]
    public void Parse_Invalid_ThrowsFormatException(string json)
    {
        Should.Throw<FormatException>(() => ImageConfig.Parse(json));
    }

    [Fact]
    public void ToJson_RoundTripsOciNames()
    {
        var json = ImageConfig.Parse(DockerConfig).ToJson();

        json.ShouldContain("\"diff_ids\":[\"sha256:1111\",\"sha256:2222\"]");
        json.ShouldContain("\"ExposedPorts\":{\"80/tcp\":{},\"443/tcp\":{}}");
        json.ShouldContain("\"Entrypoint\":[\"/usr/bin/tini\",\"--\"]");
        ImageConfig.Parse(json).RunConfig.WorkingDir.ShouldBe("/app");
    }
}
