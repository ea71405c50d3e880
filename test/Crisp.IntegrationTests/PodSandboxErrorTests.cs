using Crisp.IntegrationTests.Harness.Pods;
using Grpc.Core;
using Runtime.V1;
using Shouldly;

namespace Crisp.IntegrationTests;

/// <summary>Bad RunPodSandbox requests and failing set-up steps: clear gRPC errors, nothing left behind, the name free again.</summary>
public sealed class PodSandboxErrorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunPodSandbox_BadInput_ClearErrorsAndNothingLeaked()
    {
        await using var host = await PodTestHost.StartAsync();

        var noConfig = await Should.ThrowAsync<RpcException>(() => host.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest(), cancellationToken: Ct).ResponseAsync);
        noConfig.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        noConfig.Status.Detail.ShouldContain("PodSandboxConfig");

        var noMetadata = PodConfigs.Seed(host.LogRoot);
        noMetadata.Metadata = null;
        var metadataError = await Should.ThrowAsync<RpcException>(() => host.RunAsync(noMetadata));
        metadataError.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        metadataError.Status.Detail.ShouldContain("Metadata");

        var noUid = PodConfigs.Seed(host.LogRoot);
        noUid.Metadata.Uid = "";
        var uidError = await Should.ThrowAsync<RpcException>(() => host.RunAsync(noUid));
        uidError.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        uidError.Status.Detail.ShouldContain("uid");

        var handlerError = await Should.ThrowAsync<RpcException>(() => host.RunAsync(PodConfigs.Seed(host.LogRoot), handler: "kata-nope"));
        handlerError.StatusCode.ShouldBe(StatusCode.NotFound);
        handlerError.Status.Detail.ShouldContain("runtime handler \"kata-nope\"");
        handlerError.Status.Detail.ShouldContain("runc");

        var hostSysctl = PodConfigs.Seed(host.LogRoot);
        hostSysctl.Linux.Sysctls["kernel.panic"] = "1";
        var sysctlError = await Should.ThrowAsync<RpcException>(() => host.RunAsync(hostSysctl));
        sysctlError.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        sysctlError.Status.Detail.ShouldContain("kernel.panic");

        var badPort = PodConfigs.Seed(host.LogRoot);
        badPort.PortMappings.Add(new PortMapping { ContainerPort = 0, HostPort = 80 });
        (await Should.ThrowAsync<RpcException>(() => host.RunAsync(badPort))).StatusCode.ShouldBe(StatusCode.InvalidArgument);

        var emptyId = await Should.ThrowAsync<RpcException>(() => host.StatusAsync(""));
        emptyId.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        var unknown = await Should.ThrowAsync<RpcException>(() => host.StatusAsync(new string('a', 64)));
        unknown.StatusCode.ShouldBe(StatusCode.NotFound);
        await host.StopAsync(new string('a', 64));
        await host.RemoveAsync(new string('a', 64));

        (await host.ListAsync()).ShouldBeEmpty();
        host.ShouldHaveNoLeftovers();

        // The sysctl failure happened after the name was reserved: the name must be free again.
        hostSysctl.Linux.Sysctls.Clear();
        var id = await host.RunAsync(hostSysctl);
        (await host.StatusAsync(id)).State.ShouldBe(PodSandboxState.SandboxReady);
        await host.RemoveAsync(id);
        host.ShouldHaveNoLeftovers();
        host.Daemon.HasExited.ShouldBeFalse();
    }

    [Fact]
    public async Task RunPodSandbox_CniAddFailsHalfway_RolledBackAndNameReleased()
    {
        await using var host = await PodTestHost.StartAsync();
        host.Network.WriteConfig(host.Files, brokenPortmap: true);
        var config = PodConfigs.Seed(host.LogRoot);

        var error = await Should.ThrowAsync<RpcException>(() => host.RunAsync(config));

        error.StatusCode.ShouldBe(StatusCode.Unknown);
        error.Status.Detail.ShouldContain("failed to create pod network sandbox k8s_nginx-sandbox_default_");
        error.Status.Detail.ShouldContain("portmap");
        (await host.ListAsync()).ShouldBeEmpty();
        host.ShouldHaveNoLeftovers();

        host.Network.WriteConfig(host.Files);
        var id = await host.RunAsync(config);
        (await host.StatusAsync(id)).Network.Ip.ShouldStartWith(host.Network.SubnetPrefix + ".");
        await host.RemoveAsync(id);
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task RunPodSandbox_NoCniConfig_FailsClearlyAndLeavesNothing()
    {
        await using var host = await PodTestHost.StartAsync();
        File.Delete(Path.Combine(host.Files.CniConfigDir, "10-crisppod.conflist"));

        var error = await Should.ThrowAsync<RpcException>(() => host.RunAsync(PodConfigs.Seed(host.LogRoot)));

        error.StatusCode.ShouldBe(StatusCode.Unknown);
        error.Status.Detail.ShouldContain("failed to create pod network sandbox");
        error.Status.Detail.ShouldContain(host.Files.CniConfigDir);
        host.ShouldHaveNoLeftovers();

        // A host-network pod needs no CNI at all.
        var id = await host.RunAsync(PodConfigs.Seed(host.LogRoot, "hostnet").WithNamespaces(network: NamespaceMode.Node));
        (await host.StatusAsync(id)).State.ShouldBe(PodSandboxState.SandboxReady);
        await host.RemoveAsync(id);
        host.ShouldHaveNoLeftovers();
    }
}
