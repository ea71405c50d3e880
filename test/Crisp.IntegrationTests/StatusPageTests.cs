using System.Net;
using System.Text.Json;
using Crisp.IntegrationTests.Harness;
using Shouldly;

namespace Crisp.IntegrationTests;

/// <summary>The HTTP/1.1 pages served on the CRI socket next to gRPC.</summary>
public sealed class StatusPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Info_ReturnsStorageRuntimeAndCgroupDriver()
    {
        await using var daemon = await CrispDaemon.StartAsync();
        using var http = StatusPages.Client(daemon.Socket);

        using var response = await http.GetAsync("/info", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Version.ShouldBe(HttpVersion.Version11);
        using var info = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        info.RootElement.GetProperty("storage_driver").GetString().ShouldBe("overlay");
        info.RootElement.GetProperty("storage_root").GetString().ShouldBe(daemon.Files.Root);
        info.RootElement.GetProperty("runroot").GetString().ShouldBe(daemon.Files.RunRoot);
        info.RootElement.GetProperty("cgroup_driver").GetString().ShouldBe("cgroupfs");
        info.RootElement.GetProperty("default_runtime").GetString().ShouldBe("runc");
    }

    [Fact]
    public async Task Config_IsTheEffectiveTomlWithFlagsApplied()
    {
        await using var daemon = await CrispDaemon.StartAsync(extraArgs: ["--pause-image", "127.0.0.1:5000/pause:flag"]);
        using var http = StatusPages.Client(daemon.Socket);

        var text = await http.GetStringAsync("/config", Ct);

        var crio = TomlModel.Table(text, "crio");
        crio["root"].ShouldBe(daemon.Files.Root);
        var image = (Tomlyn.Model.TomlTable)crio["image"];
        image["pause_image"].ShouldBe("127.0.0.1:5000/pause:flag");
        var network = (Tomlyn.Model.TomlTable)crio["network"];
        network["network_dir"].ShouldBe(daemon.Files.CniConfigDir);
    }

    [Fact]
    public async Task Containers_UnknownId_NotFound()
    {
        await using var daemon = await CrispDaemon.StartAsync();
        using var http = StatusPages.Client(daemon.Socket);

        using var response = await http.GetAsync("/containers/0123456789abcdef", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync(Ct)).ShouldContain("0123456789abcdef");
    }
}
