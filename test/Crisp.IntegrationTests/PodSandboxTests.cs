using System.Net;
using Crisp.IntegrationTests.Harness.Pods;
using Crisp.Linux;
using Runtime.V1;
using Shouldly;

namespace Crisp.IntegrationTests;

/// <summary>
/// RunPodSandbox, PodSandboxStatus, ListPodSandbox, StopPodSandbox and RemovePodSandbox against the real daemon,
/// with pinned namespaces and the real bridge, host-local and portmap plugins on a network of the test's own.
/// </summary>
public sealed class PodSandboxTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunPodSandbox_SeedConfig_ReadyReachableOnPodIpAndHostPort_StopAndRemoveLeaveNothing()
    {
        await using var host = await PodTestHost.StartAsync();
        var hostPort = Random.Shared.Next(20000, 40000);
        var config = PodConfigs.Seed(host.LogRoot);
        config.Hostname = "nginx-host";
        config.Labels["app"] = "nginx";
        config.Annotations["note"] = "seed 004";
        config.PortMappings.Add(new PortMapping { ContainerPort = 8080, HostPort = hostPort, Protocol = Protocol.Tcp });

        var id = await host.RunAsync(config);

        id.ShouldMatch("^[0-9a-f]{64}$");
        var status = await host.StatusAsync(id);
        status.State.ShouldBe(PodSandboxState.SandboxReady);
        status.Metadata.Name.ShouldBe("nginx-sandbox");
        status.Metadata.Namespace.ShouldBe("default");
        status.Metadata.Attempt.ShouldBe(1u);
        status.Labels["app"].ShouldBe("nginx");
        status.Annotations["note"].ShouldBe("seed 004");
        status.CreatedAt.ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds() * 1_000_000);
        status.Linux.Namespaces.Options.Network.ShouldBe(NamespaceMode.Pod);
        var ip = IPAddress.Parse(status.Network.Ip);
        ip.ToString().ShouldStartWith(host.Network.SubnetPrefix + ".");
        host.Network.ReservedAddresses().ShouldBe([ip.ToString()]);

        var netns = host.PinPath("netns", id);
        FileSystemTypes.IsNamespaceFile(netns).ShouldBeTrue();
        FileSystemTypes.IsNamespaceFile(host.PinPath("ipcns", id)).ShouldBeTrue();
        var uts = host.PinPath("utsns", id);
        HostCommand.Run("nsenter", $"--uts={uts}", "hostname").Trim().ShouldBe("nginx-host");

        var info = await host.InfoAsync(id);
        var record = info.GetProperty("sandbox");
        record.GetProperty("networkNamespacePath").GetString().ShouldBe(netns);
        record.GetProperty("name").GetString().ShouldBe($"k8s_nginx-sandbox_default_{config.Metadata.Uid}_1");
        var userdata = record.GetProperty("userdataDirectory").GetString()!;
        File.ReadAllText(Path.Combine(userdata, "hostname")).ShouldBe("nginx-host\n");
        File.ReadAllText(Path.Combine(userdata, "hosts")).ShouldContain($"{ip}\tnginx-host");
        File.Exists(Path.Combine(userdata, "resolv.conf")).ShouldBeTrue();
        var shm = record.GetProperty("shmPath").GetString()!;
        MountCalls.IsMountPoint(shm).ShouldBeTrue();
        info.TryGetProperty("runtimeSpec", out _).ShouldBeFalse("no infra container: drop_infra_ctr and PID mode CONTAINER");

        using (NetnsHttpServer.Start(netns, 8080, host.Files.Directory, "hello from the pod"))
        {
            (await NetnsHttpServer.GetAsync(ip, 8080)).ShouldBe("hello from the pod");
            (await NetnsHttpServer.GetAsync(IPAddress.Loopback, hostPort)).ShouldBe("hello from the pod");
        }

        await host.StopAsync(id);

        var stopped = await host.StatusAsync(id);
        stopped.State.ShouldBe(PodSandboxState.SandboxNotready);
        stopped.Network.Ip.ShouldBeEmpty();
        host.Network.ReservedAddresses().ShouldBeEmpty();
        host.Network.BridgePorts().ShouldBeEmpty();
        host.Network.NatRules().ShouldBeEmpty();
        MountCalls.IsMountPoint(shm).ShouldBeFalse();
        await host.StopAsync(id);
        (await host.ListAsync()).ShouldHaveSingleItem().State.ShouldBe(PodSandboxState.SandboxNotready);

        await host.RemoveAsync(id);

        (await host.ListAsync()).ShouldBeEmpty();
        var error = await Should.ThrowAsync<Grpc.Core.RpcException>(() => host.StatusAsync(id));
        error.StatusCode.ShouldBe(Grpc.Core.StatusCode.NotFound);
        error.Status.Detail.ShouldContain(id);
        File.Exists(netns).ShouldBeFalse();
        Directory.Exists(userdata).ShouldBeFalse();
        await host.RemoveAsync(id);
        await host.StopAsync(id);
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task RunPodSandbox_SameNameTwice_ReturnsTheSameSandbox()
    {
        await using var host = await PodTestHost.StartAsync();
        var config = PodConfigs.Seed(host.LogRoot);

        var first = await host.RunAsync(config);
        var second = await host.RunAsync(config);

        second.ShouldBe(first);
        (await host.ListAsync()).ShouldHaveSingleItem().Id.ShouldBe(first);
        host.Network.ReservedAddresses().ShouldHaveSingleItem();

        await host.RemoveAsync(first);
        var third = await host.RunAsync(config);
        third.ShouldNotBe(first, "after removal the name is free again");
        await host.RemoveAsync(third);
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task ListPodSandbox_FiltersByIdPrefixStateAndLabels()
    {
        await using var host = await PodTestHost.StartAsync();
        var webConfig = PodConfigs.Seed(host.LogRoot, "web");
        webConfig.Labels["tier"] = "front";
        webConfig.Labels["app"] = "web";
        var dbConfig = PodConfigs.Seed(host.LogRoot, "db");
        dbConfig.Labels["tier"] = "back";
        var web = await host.RunAsync(webConfig);
        var db = await host.RunAsync(dbConfig);
        await host.StopAsync(db);

        (await host.ListAsync()).Select(p => p.Id).ShouldBe([web, db]);
        (await host.ListAsync(new PodSandboxFilter { Id = web })).ShouldHaveSingleItem().Id.ShouldBe(web);
        (await host.ListAsync(new PodSandboxFilter { Id = db[..12] })).ShouldHaveSingleItem().Id.ShouldBe(db);
        (await host.ListAsync(new PodSandboxFilter { Id = "0000000000000000" })).ShouldBeEmpty();
        (await host.ListAsync(new PodSandboxFilter { State = new PodSandboxStateValue { State = PodSandboxState.SandboxReady } }))
            .ShouldHaveSingleItem().Id.ShouldBe(web);
        (await host.ListAsync(new PodSandboxFilter { State = new PodSandboxStateValue { State = PodSandboxState.SandboxNotready } }))
            .ShouldHaveSingleItem().Id.ShouldBe(db);
        var byLabel = new PodSandboxFilter();
        byLabel.LabelSelector["tier"] = "front";
        byLabel.LabelSelector["app"] = "web";
        (await host.ListAsync(byLabel)).ShouldHaveSingleItem().Id.ShouldBe(web);
        byLabel.LabelSelector["app"] = "other";
        (await host.ListAsync(byLabel)).ShouldBeEmpty();
        (await host.StatusAsync(web[..10])).Id.ShouldBe(web);

        await host.RemoveAsync(web);
        await host.RemoveAsync(db);
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task RunPodSandbox_HostNetwork_NoNetnsNoIpAndHostHosts()
    {
        await using var host = await PodTestHost.StartAsync();
        var config = PodConfigs.Seed(host.LogRoot, "hostnet").WithNamespaces(network: NamespaceMode.Node);

        var id = await host.RunAsync(config);

        var status = await host.StatusAsync(id);
        status.State.ShouldBe(PodSandboxState.SandboxReady);
        status.Network.Ip.ShouldBeEmpty();
        status.Linux.Namespaces.Options.Network.ShouldBe(NamespaceMode.Node);
        File.Exists(host.PinPath("netns", id)).ShouldBeFalse();
        FileSystemTypes.IsNamespaceFile(host.PinPath("utsns", id)).ShouldBeTrue("every pod gets its own UTS namespace, as in CRI-O");
        var record = (await host.InfoAsync(id)).GetProperty("sandbox");
        record.TryGetProperty("networkNamespacePath", out _).ShouldBeFalse();
        record.GetProperty("hostNetwork").GetBoolean().ShouldBeTrue();
        File.ReadAllText(record.GetProperty("hostsPath").GetString()!).ShouldBe(File.ReadAllText("/etc/hosts"));
        host.Network.ReservedAddresses().ShouldBeEmpty();
        host.Network.BridgePorts().ShouldBeEmpty();

        await host.StopAsync(id);
        await host.RemoveAsync(id);
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task RunPodSandbox_HostIpc_NoShmMountAndHostDevShm()
    {
        await using var host = await PodTestHost.StartAsync();
        var config = PodConfigs.Seed(host.LogRoot, "hostipc").WithNamespaces(ipc: NamespaceMode.Node);

        var id = await host.RunAsync(config);

        File.Exists(host.PinPath("ipcns", id)).ShouldBeFalse();
        var record = (await host.InfoAsync(id)).GetProperty("sandbox");
        record.GetProperty("shmPath").GetString().ShouldBe("/dev/shm");
        PodLeftovers.Mounts(host.Files.Directory).Where(m => m != host.Files.NamespacesDir && !m.StartsWith(host.Files.NamespacesDir + "/", StringComparison.Ordinal))
            .ShouldBeEmpty();

        await host.RemoveAsync(id);
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task RunPodSandbox_DnsConfigAndSysctls_WrittenIntoThePod()
    {
        await using var host = await PodTestHost.StartAsync();
        var config = PodConfigs.Seed(host.LogRoot, "dns");
        config.DnsConfig = new DNSConfig { Servers = { "10.96.0.10" }, Searches = { "default.svc.cluster.local", "svc.cluster.local" }, Options = { "ndots:5" } };
        config.Linux.Sysctls["net.ipv4.ip_unprivileged_port_start"] = "80";

        var id = await host.RunAsync(config);

        var record = (await host.InfoAsync(id)).GetProperty("sandbox");
        File.ReadAllText(record.GetProperty("resolvConfPath").GetString()!)
            .ShouldBe("search default.svc.cluster.local svc.cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n");
        HostCommand.Run("nsenter", $"--net={host.PinPath("netns", id)}", "cat", "/proc/sys/net/ipv4/ip_unprivileged_port_start").Trim().ShouldBe("80");

        await host.RemoveAsync(id);
        host.ShouldHaveNoLeftovers();
    }
}
