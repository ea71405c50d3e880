using Crisp.Ctl.Output;
using Runtime.V1;
using Shouldly;

namespace Crisp.Unit.Tests.Ctl;

public sealed class OutputTests
{
    [Fact]
    public void Table_PadsColumnsLikeGoTabwriter()
    {
        var text = new Table("POD ID", "NAME", "ATTEMPT").Add("0123456789abc", "a-rather-long-pod-name-here", "1").ToString();

        text.ShouldBe(
            "POD ID              NAME                          ATTEMPT\n" +
            "0123456789abc       a-rather-long-pod-name-here   1\n");
    }

    [Theory]
    [InlineData(0.5, "Less than a second")]
    [InlineData(1, "1 second")]
    [InlineData(42, "42 seconds")]
    [InlineData(90, "About a minute")]
    [InlineData(600, "10 minutes")]
    [InlineData(3600, "About an hour")]
    [InlineData(5 * 3600, "5 hours")]
    [InlineData(3 * 86400, "3 days")]
    [InlineData(21 * 86400, "3 weeks")]
    [InlineData(90 * 86400, "3 months")]
    [InlineData(800 * 86400, "2 years")]
    public void Duration_WordsItAsDockerUnits(double seconds, string expected) =>
        Human.Duration(TimeSpan.FromSeconds(seconds)).ShouldBe(expected);

    [Theory]
    [InlineData(7, "7B")]
    [InlineData(1066858, "1.07MB")]
    [InlineData(512000, "512kB")]
    [InlineData(2_500_000_000, "2.5GB")]
    public void Size_IsDecimalWithThreeDigits(double bytes, string expected) => Human.Size(bytes).ShouldBe(expected);

    [Fact]
    public void TruncateId_DropsTheAlgorithmAndKeeps13Characters()
    {
        Human.TruncateId("sha256:2e7ad633f460d73b75142ca4d31147a7", noTrunc: false).ShouldBe("2e7ad633f460d");
        Human.TruncateId("2e7ad633f460d73b75142ca4d31147a7", noTrunc: true).ShouldBe("2e7ad633f460d73b75142ca4d31147a7");
    }

    [Fact]
    public void Yaml_FromProtoJson_SortsKeysAndQuotesWhatWouldReadBackDifferently()
    {
        var version = new VersionResponse { Version = "0.1.0", RuntimeName = "crisp", RuntimeVersion = "1", RuntimeApiVersion = "v1" };
        Yaml.FromJson(ProtoOutput.Json(version)).ShouldBe("runtimeApiVersion: v1\nruntimeName: crisp\nruntimeVersion: \"1\"\nversion: 0.1.0\n");

        var list = new ListImagesResponse();
        list.Images.Add(new Image { Id = "abc", Size = 5 });
        list.Images[0].RepoTags.Add("busybox:latest");
        Yaml.FromJson(ProtoOutput.Json(list)).ShouldBe(
            "images:\n- id: abc\n  pinned: false\n  repoDigests: []\n  repoTags:\n  - busybox:latest\n  size: \"5\"\n  username: \"\"\n");
    }

    [Fact]
    public void Yaml_OfAContainerConfig_ReadsBackAsTheSameConfig()
    {
        var config = new ContainerConfig
        {
            Metadata = new ContainerMetadata { Name = "web", Attempt = 1 },
            Image = new ImageSpec { Image = "busybox:1.36" },
            LogPath = "web/1.log",
            WorkingDir = "123",
            Linux = new LinuxContainerConfig { Resources = new LinuxContainerResources { MemoryLimitInBytes = 1 << 20, CpusetCpus = "0-1" } },
        };
        config.Command.AddRange(["sh", "-c", "echo 'a: b' # not a comment\nexit 0"]);
        config.Labels["true"] = "yes";
        config.Envs.Add(new KeyValue { Key = "A", Value = Google.Protobuf.ByteString.CopyFromUtf8("x") });

        var yaml = Yaml.FromJson(ProtoOutput.Json(config));
        var back = Crisp.Ctl.Input.ConfigFiles.Parse(yaml, yaml: true, ContainerConfig.Parser);

        yaml.ShouldContain("value: x", customMessage: "env values print as text, as crictl prints them");
        back.ShouldBe(config, yaml);
    }

    [Fact]
    public void Inspect_EmbedsJsonInfoValues()
    {
        var json = ProtoOutput.Inspect(new ContainerStatus { Id = "c1" }, new Dictionary<string, string> { ["info"] = "{\"pid\": 42}", ["text"] = "plain" });

        using var document = System.Text.Json.JsonDocument.Parse(json);
        document.RootElement.GetProperty("status").GetProperty("id").GetString().ShouldBe("c1");
        document.RootElement.GetProperty("info").GetProperty("info").GetProperty("pid").GetInt32().ShouldBe(42);
        document.RootElement.GetProperty("info").GetProperty("text").GetString().ShouldBe("plain");
    }
}
