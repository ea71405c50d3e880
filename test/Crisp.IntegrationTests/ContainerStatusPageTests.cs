using System.Net;
using System.Text.Json;
using Crisp.IntegrationTests.Harness;
using Crisp.IntegrationTests.Harness.Pods;
using Crisp.IntegrationTests.Harness.Registry;
using Runtime.V1;
using Shouldly;

namespace Crisp.IntegrationTests;

/// <summary><c>GET /containers/{id}</c> on the CRI socket and <c>crisp status containers --id</c>, for a real running container.</summary>
public sealed class ContainerStatusPageTests(SharedRegistries registries)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ContainersPage_RunningContainer_DescribesIt_ByIdAndPrefix_404AfterRemoval()
    {
        var registry = await registries.AnonymousAsync(Ct);
        var image = (await registry.PushAsync(TestImages.Busybox, RepositoryNames.Unique("busybox"), "1", Ct)).Reference;
        await using var host = await PodTestHost.StartAsync(files => File.WriteAllText(files.RegistriesConf, $"""
            [[registry]]
            location = "{registry.Host}"
            insecure = true
            """));
        await host.Daemon.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = image } }, cancellationToken: Ct);
        var podConfig = PodConfigs.Seed(host.LogRoot, "status-page");
        podConfig.Linux.CgroupParent = host.CgroupParent;
        var pod = await host.RunAsync(podConfig);
        var config = new ContainerConfig
        {
            Metadata = new ContainerMetadata { Name = "sleeper" },
            Image = new ImageSpec { Image = image },
            Command = { "sleep", "1000" },
            LogPath = "sleeper/0.log",
            Labels = { ["app"] = "status" },
            Mounts = { new Mount { ContainerPath = "/data", HostPath = Path.Combine(host.Files.Directory, "data"), Readonly = true } },
        };
        var id = (await host.Runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = pod, Config = config, SandboxConfig = podConfig }, cancellationToken: Ct)).ContainerId;
        await host.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id }, cancellationToken: Ct);
        var podIp = (await host.StatusAsync(pod)).Network.Ip;
        using var http = StatusPages.Client(host.Files.Socket);

        foreach (var key in new[] { id, id[..12] })
        {
            using var response = await http.GetAsync($"/containers/{key}", Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
            var root = page.RootElement;
            root.GetProperty("id").GetString().ShouldBe(id);
            root.GetProperty("name").GetString().ShouldStartWith("k8s_sleeper_status-page_default_");
            root.GetProperty("state").GetString().ShouldBe("running");
            var pid = root.GetProperty("pid").GetInt32();
            File.ReadAllText($"/proc/{pid}/cmdline").ShouldStartWith("sleep\01000");
            root.GetProperty("image").GetString().ShouldBe(image);
            root.GetProperty("sandbox").GetString().ShouldBe(pod);
            root.GetProperty("ip_addresses")[0].GetString().ShouldBe(podIp);
            root.GetProperty("labels").GetProperty("app").GetString().ShouldBe("status");
            root.GetProperty("log_path").GetString().ShouldBe(Path.Combine(podConfig.LogDirectory, "sleeper", "0.log"));
            root.GetProperty("root").GetString().ShouldBe(Path.Combine(host.Files.Root, "overlay-containers", id, "merged"));
            root.GetProperty("mounts")[0].GetProperty("container_path").GetString().ShouldBe("/data");
            root.GetProperty("mounts")[0].GetProperty("readonly").GetBoolean().ShouldBeTrue();
        }

        var cli = await CrispCli.RunAsync(["status", "--socket", host.Files.Socket, "containers", "--id", id]);
        cli.ExitCode.ShouldBe(0, cli.StandardError);
        cli.StandardOutput.ShouldContain(id);

        await host.Runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = id }, cancellationToken: Ct);
        using (var gone = await http.GetAsync($"/containers/{id}", Ct))
        {
            gone.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        await host.StopAsync(pod);
        await host.RemoveAsync(pod);
        host.ShouldHaveNoLeftovers();
    }
}
